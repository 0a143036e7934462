using Microsoft.EntityFrameworkCore;
using Npgsql;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Bench;

/// <summary>
/// The PostgreSQL a benchmark runs against: the server named by ROADMAP_BENCH_POSTGRES (its user
/// must be allowed to create databases), or else a throwaway cluster. Databases are made fresh per
/// run; a migrated one is copied from a template migrated once. On dispose every database this
/// created is dropped and a throwaway cluster is stopped and removed.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    public const string ConnectionStringVariable = "ROADMAP_BENCH_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly ThrowawayCluster? _cluster;
    private readonly HashSet<string> _created = [];
    private string? _template;

    private BenchPostgres(string adminConnectionString, ThrowawayCluster? cluster, string description)
    {
        _adminConnectionString = adminConnectionString;
        _cluster = cluster;
        Description = description;
    }

    /// <summary>Which server, for the report.</summary>
    public string Description { get; private set; }

    public static async Task<BenchPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        BenchPostgres server;
        if (string.IsNullOrWhiteSpace(configured))
        {
            var cluster = await ThrowawayCluster.StartAsync(cancellationToken);
            server = new BenchPostgres(cluster.ConnectionString, cluster, $"throwaway cluster on port {cluster.Port}");
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(configured);
            server = new BenchPostgres(configured, null, $"{ConnectionStringVariable} ({builder.Host}:{builder.Port})");
        }

        try
        {
            await using var connection = new NpgsqlConnection(server._adminConnectionString);
            await connection.OpenAsync(cancellationToken);
            server.Description = $"PostgreSQL {connection.PostgreSqlVersion}, {server.Description}";
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        await CreateAsync(template: null, cancellationToken);

    /// <summary>A database with the app's schema (all migrations applied) and nothing in it.</summary>
    public async Task<string> CreateMigratedDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_template is null)
        {
            var template = await CreateAsync(template: null, cancellationToken);
            await using (var db = AppContexts.Create(DatabaseProvider.Postgres, template))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
            NpgsqlConnection.ClearAllPools();
            _template = new NpgsqlConnectionStringBuilder(template).Database;
        }

        return await CreateAsync(_template, cancellationToken);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        _created.Remove(name);
    }

    /// <summary>
    /// Writes out dirty pages so each timed step starts from the same state rather than paying for the
    /// previous one. Needs superuser (or pg_checkpoint); skipped on a server where we lack it.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync("CHECKPOINT", cancellationToken);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A throwaway cluster goes as a whole; on a server of the user's, leave nothing behind.
            if (_cluster is null)
            {
                NpgsqlConnection.ClearAllPools();
                foreach (var name in _created.ToList())
                {
                    await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
                }
            }
        }
        finally
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }

    private async Task<string> CreateAsync(string? template, CancellationToken cancellationToken)
    {
        var name = $"roadmap_bench_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}", cancellationToken);
        _created.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
