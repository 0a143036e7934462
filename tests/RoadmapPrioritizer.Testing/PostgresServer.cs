using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RoadmapPrioritizer.Testing;

/// <summary>
/// The PostgreSQL the tests run against. With ROADMAP_TEST_POSTGRES set (a connection string whose
/// user may create databases) that server is used; otherwise a throwaway cluster is started from the
/// machine's PostgreSQL binaries and removed when the test process exits. Neither: the tests fail
/// and say how to install PostgreSQL. They never skip.
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionStringVariable = "ROADMAP_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    public static Task<PostgresServer> SharedAsync() => Instance.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"roadmap_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? new PostgresServer(await EmbeddedCluster.StartAsync())
            : new PostgresServer(configured);
    }

    /// <summary>initdb + pg_ctl in a temporary folder, as the postgres user when we are root (PostgreSQL refuses root).</summary>
    private static class EmbeddedCluster
    {
        public static async Task<string> StartAsync()
        {
            var bin = FindBinaries();
            var folder = Directory.CreateTempSubdirectory("roadmap-pg-").FullName;
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", ["postgres", folder], asPostgres: false);
            }

            var data = Path.Combine(folder, "data");
            var port = FreePort();
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "roadmap", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
            await RunAsync(
                Path.Combine(bin, "pg_ctl"),
                ["-D", data, "-l", Path.Combine(folder, "log"), "-w", "-o",
                    $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    "start"],
                asRoot);

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            };

            return $"Host=127.0.0.1;Port={port};Username=roadmap;Database=postgres;Include Error Detail=true";
        }

        private static string FindBinaries()
        {
            var root = "/usr/lib/postgresql";
            var bin = Directory.Exists(root)
                ? Directory.GetDirectories(root)
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
            return bin ?? throw new InvalidOperationException(
                $"PostgreSQL server binaries were not found under {root}. Install them (apt-get install -y postgresql) " +
                $"or set {ConnectionStringVariable} to a server whose user may create databases.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task RunAsync(string file, string[] args, bool asPostgres)
        {
            var start = asPostgres
                ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
                : new ProcessStartInfo(file, args);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
            }
        }
    }
}
