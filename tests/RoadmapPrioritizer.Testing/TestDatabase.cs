using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Testing;

/// <summary>An empty, real database of either provider, removed on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseProvider provider, string connectionString, PostgresServer? server)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Server = server;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    private PostgresServer? Server { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"roadmap-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, $"Data Source={file}", null);
        }

        var server = await PostgresServer.SharedAsync();
        return new TestDatabase(provider, await server.CreateDatabaseAsync(), server);
    }

    /// <summary>A context as the app builds one; its audit rows name <paramref name="actor"/> ("system" if none) at <paramref name="time"/>'s now.</summary>
    public RoadmapDbContext CreateContext(AuditActor? actor = null, TimeProvider? time = null) => CreateContextWith(actor, time, []);

    /// <param name="interceptors">EF interceptors, e.g. to make something happen just before a save.</param>
    public RoadmapDbContext CreateContext(params IInterceptor[] interceptors) => CreateContextWith(null, null, interceptors);

    public RoadmapDbContext CreateContextWith(AuditActor? actor, TimeProvider? time, IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<RoadmapDbContext>();
        DatabaseSetup.Configure(options, Provider, ConnectionString).AddInterceptors(interceptors);
        return new RoadmapDbContext(options.Options, actor, time);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DropDatabaseAsync(ConnectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        foreach (var path in new[] { file, $"{file}-wal", $"{file}-shm" })
        {
            File.Delete(path);
        }
    }
}
