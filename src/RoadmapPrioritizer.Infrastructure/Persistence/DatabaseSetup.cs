using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Auditing;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Chooses SQLite (the embedded default) or PostgreSQL from configuration.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Roadmap";

    public static IServiceCollection AddRoadmapDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var (provider, connectionString) = ResolveConnection(configuration, contentRootPath);
        services.AddDbContext<RoadmapDbContext>(options => Configure(options, provider, connectionString));

        // Every save writes the audit trail; the host sets the actor per request (default "system").
        services.AddScoped<AuditActor>();
        services.AddScoped<AuditService>();
        services.AddHealthChecks().AddDbContextCheck<RoadmapDbContext>("database");
        return services;
    }

    /// <summary>The provider and connection string from configuration (SQLite in the app's data folder by default); the scheduler shares them.</summary>
    public static (DatabaseProvider Provider, string ConnectionString) ResolveConnection(IConfiguration configuration, string contentRootPath)
    {
        var provider = ParseProvider(configuration["Database:Provider"]);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqliteConnectionString(contentRootPath)
                : throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Roadmap is empty. Set ConnectionStrings__Roadmap, e.g. " +
                    "\"Host=localhost;Port=5432;Username=roadmap;Password=...;Database=roadmap\".");
        }

        return (provider, connectionString);
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        _ = provider == DatabaseProvider.Postgres
            ? options.UseNpgsql(connectionString)
            : options.UseSqlite(connectionString);

        // Migrations are hand-written (no EF Design package in our registry), so there is no model
        // snapshot to diff against. A schema test per provider proves the migrations match the model.
        return options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use Sqlite (the default) or Postgres."),
    };

    private static string DefaultSqliteConnectionString(string contentRootPath)
    {
        var folder = Path.Combine(contentRootPath, "data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "roadmap.db")}";
    }
}
