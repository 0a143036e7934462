using System.Net;
using System.Net.Sockets;

namespace RoadmapPrioritizer.Bench;

/// <summary>
/// A PostgreSQL cluster in a temporary folder, started from the machine's own server binaries (as the
/// postgres user when we are root, which PostgreSQL refuses) and stopped and removed on dispose, or at
/// process exit if a failure skipped that. The settings are the test suite's (no fsync) plus room for
/// WAL, so a checkpoint forced by WAL volume does not land in the middle of one timed step.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private const string Root = "/usr/lib/postgresql";

    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgres;
    private int _stopped;

    private ThrowawayCluster(string bin, string folder, bool asPostgres, int port)
    {
        _bin = bin;
        _folder = folder;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=roadmap;Database=postgres;Include Error Detail=true";

    public static async Task<ThrowawayCluster> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries were not found under {Root}. Install them (apt-get install -y postgresql) " +
            $"or set {BenchPostgres.ConnectionStringVariable} to a server whose user may create databases.");
        var folder = Directory.CreateTempSubdirectory("roadmap-bench-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        var cluster = new ThrowawayCluster(bin, folder, asPostgres, FreePort());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            if (asPostgres)
            {
                await Processes.RunAsync("chown", ["postgres", folder], cancellationToken);
            }

            await cluster.RunAsync("initdb", ["-D", cluster.Data, "-A", "trust", "-U", "roadmap", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
            await cluster.RunAsync(
                "pg_ctl",
                ["-D", cluster.Data, "-l", Path.Combine(folder, "log"), "-w", "-o",
                    $"-p {cluster.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                    "-c full_page_writes=off -c max_wal_size=8GB -c checkpoint_timeout=1h",
                    "start"],
                cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.StopAsync(CancellationToken.None);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private string Data => Path.Combine(_folder, "data");

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                await RunAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"], cancellationToken);
            }
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task RunAsync(string program, string[] args, CancellationToken cancellationToken)
    {
        var file = Path.Combine(_bin, program);
        return _asPostgres
            ? Processes.RunAsync("runuser", ["-u", "postgres", "--", file, .. args], cancellationToken)
            : Processes.RunAsync(file, args, cancellationToken);
    }

    /// <summary>The newest version's bin folder under /usr/lib/postgresql that has initdb.</summary>
    internal static string? FindBinaries() =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
