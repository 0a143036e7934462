using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace RoadmapPrioritizer.Bench.Ingest;

/// <summary>
/// ingest [--rows 1000000] [--runs 3]: the CSV import of survey responses against psql's \copy of the
/// same file, in the same run on the same server, so the ratio holds on a noisy machine where the
/// absolute figures do not. Target: the app's import at least half as fast as \copy.
/// </summary>
internal static class IngestBenchmark
{
    public const double Target = 0.5;

    private const int Seed = 20261122;
    private const int WarmupRows = 20_000;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var rows, out var runs))
        {
            Console.Error.WriteLine("Usage: ingest [--rows 1000000] [--runs 3]");
            return 2;
        }

        var psql = FindPsql();
        var folder = Directory.CreateTempSubdirectory("roadmap-bench-ingest-").FullName;
        try
        {
            Progress($"Writing {rows:N0} survey responses to {folder} ...");
            var csv = Path.Combine(folder, "survey_responses.csv");
            var bytes = SurveyCsv.Write(csv, rows, Seed);
            var warmup = Path.Combine(folder, "warmup.csv");
            SurveyCsv.Write(warmup, Math.Min(rows, WarmupRows), Seed + 1);

            await using var postgres = await BenchPostgres.StartAsync(cancellationToken);
            var steps = new IngestSteps(postgres, psql, folder);
            var results = Step.All.ToDictionary(s => s, _ => new List<TimeSpan>());

            // One untimed pass on a small file: JIT, EF's model, the connection pools and psql's binary are warm before the clock runs.
            Progress("Warming up ...");
            await RunOnceAsync(steps, warmup, Math.Min(rows, WarmupRows), null, cancellationToken);
            for (var run = 1; run <= runs; run++)
            {
                // Steps take turns within each run, so a burst of load from a neighbour hits baseline and app alike.
                await RunOnceAsync(steps, csv, rows, results, cancellationToken);
                Progress($"Run {run}/{runs}: " + string.Join(", ", Step.All.Select(s => $"{s.Name} {results[s][^1].TotalSeconds:F2} s")));
            }

            Print(rows, runs, bytes, postgres.Description, results);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunOnceAsync(IngestSteps steps, string csv, int rows, Dictionary<Step, List<TimeSpan>>? results, CancellationToken cancellationToken)
    {
        var copy = await steps.PsqlCopyAsync(csv, rows, appKeys: false, cancellationToken);
        var keyed = await steps.PsqlCopyAsync(csv, rows, appKeys: true, cancellationToken);
        var (import, reimport) = await steps.AppImportAsync(csv, rows, cancellationToken);
        var sqlite = await steps.SqliteImportAsync(csv, rows, cancellationToken);
        var parse = IngestSteps.ParseOnly(csv, rows);
        results?[Step.Copy].Add(copy);
        results?[Step.Keyed].Add(keyed);
        results?[Step.Import].Add(import);
        results?[Step.Reimport].Add(reimport);
        results?[Step.Sqlite].Add(sqlite);
        results?[Step.Parse].Add(parse);
    }

    private static void Print(int rows, int runs, long bytes, string server, Dictionary<Step, List<TimeSpan>> results)
    {
        var baseline = Median(results[Step.Copy]);
        var app = Median(results[Step.Import]);
        var ratio = baseline / app;

        Console.WriteLine();
        Console.WriteLine($"Ingest benchmark, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"Server: {server}");
        Console.WriteLine($"File: {rows.ToString("N0", Invariant)} survey responses, {(bytes / 1e6).ToString("F1", Invariant)} MB; median of {runs} runs, a fresh database each run");
        Console.WriteLine();
        Console.WriteLine($"{"step",-48}{"rows",11}{"seconds",10}{"rows/s",11}{"vs \\copy",10}  runs (s)");
        foreach (var step in Step.All)
        {
            var median = Median(results[step]);
            Console.WriteLine(
                $"{step.Label,-48}{rows.ToString("N0", Invariant),11}{median.ToString("F2", Invariant),10}"
                + $"{(rows / median).ToString("N0", Invariant),11}{(baseline / median).ToString("F2", Invariant),10}  "
                + string.Join(' ', results[step].Select(t => t.TotalSeconds.ToString("F2", Invariant))));
        }

        Console.WriteLine();
        Console.WriteLine($"Target: app import on PostgreSQL >= {Target.ToString("F2", Invariant)} x \\copy: {(ratio >= Target ? "PASS" : "FAIL")} ({ratio.ToString("F2", Invariant)})");
    }

    private static double Median(List<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static bool TryParse(string[] args, out int rows, out int runs)
    {
        rows = 1_000_000;
        runs = 3;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, Invariant, out var parsed) && parsed > 0 ? parsed : (int?)null;
            switch (args[i])
            {
                case "--rows" when value is not null:
                    rows = value.Value;
                    break;
                case "--runs" when value is not null:
                    runs = value.Value;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static string FindPsql()
    {
        string[] candidates = ["/usr/bin/psql", .. ThrowawayCluster.FindBinaries() is { } bin ? [Path.Combine(bin, "psql")] : Array.Empty<string>()];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("psql was not found (/usr/bin/psql or /usr/lib/postgresql/*/bin/psql); install it with apt-get install -y postgresql-client.");
    }

    private static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record Step(string Name, string Label)
    {
        public static readonly Step Copy = new("\\copy", "psql \\copy into a bare table (baseline)");
        public static readonly Step Keyed = new("keyed \\copy", "psql \\copy, table with the app's keys (floor)");
        public static readonly Step Import = new("import", "app import, PostgreSQL (binary COPY + merge)");
        public static readonly Step Reimport = new("re-import", "app re-import, all already present");
        public static readonly Step Sqlite = new("sqlite", "app import, SQLite (reference)");
        public static readonly Step Parse = new("parse", "CSV reader alone, no database (diagnostic)");

        public static readonly Step[] All = [Copy, Keyed, Import, Reimport, Sqlite, Parse];
    }
}
