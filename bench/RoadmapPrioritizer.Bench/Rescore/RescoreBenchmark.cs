using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace RoadmapPrioritizer.Bench.Rescore;

/// <summary>
/// rescore [--responses 1000000] [--initiatives 10000] [--runs 3]: the nightly rescore end to end
/// against bare SQL that reads the same evidence, in the same run on the same server, taking turns.
/// Target: the rescore within 2x of the bare read. Then the same at a tenth of the responses (and
/// orders), to show how time grows with the evidence.
/// </summary>
internal static class RescoreBenchmark
{
    public const double Target = 2.0;
    public const int ScaleFactor = 10;

    private const int Seed = 20261201;

    /// <summary>The run's date: it reads the 90 days up to yesterday.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var responses, out var initiatives, out var runs))
        {
            Console.Error.WriteLine("Usage: rescore [--responses 1000000] [--initiatives 10000] [--runs 3]");
            return 2;
        }

        var wall = Stopwatch.StartNew();
        await using var postgres = await BenchPostgres.StartAsync(cancellationToken);
        var results = new List<ScaleResult>();
        foreach (var scale in new[] { Math.Max(1, responses / ScaleFactor), responses })
        {
            results.Add(await MeasureAsync(postgres, scale, initiatives, runs, cancellationToken));
        }

        Print(results, runs, postgres.Description, wall.Elapsed);
        return 0;
    }

    private static async Task<ScaleResult> MeasureAsync(BenchPostgres postgres, int responses, int initiatives, int runs, CancellationToken ct)
    {
        var database = await postgres.CreateMigratedDatabaseAsync(ct);
        try
        {
            Progress($"Loading {responses:N0} survey responses, {initiatives:N0} initiatives, {RescoreData.FunnelYears} years of funnel for {RescoreData.Segments + 1} segments ...");
            var loadStarted = Stopwatch.GetTimestamp();
            var loaded = await RescoreData.LoadAsync(database, responses, initiatives, Now.UtcDateTime.Date, Seed, ct);
            Progress($"Loaded in {Stopwatch.GetElapsedTime(loadStarted).TotalSeconds:F1} s ({loaded.InWindow:N0} responses in the window, {loaded.FunnelDays:N0} funnel days, {loaded.Orders:N0} orders).");

            var steps = new RescoreSteps(postgres, database, loaded, Now);

            // One untimed pass: JIT, EF's model and the pools are warm, and the data is in the cache, before the clock runs.
            Progress("Warming up ...");
            await steps.BaselineAsync(ct);
            var warm = await steps.AppAsync(ct);

            await steps.BareWritesAsync(warm, ct);

            var baseline = new List<TimeSpan>();
            var app = new List<AppResult>();
            var writes = new List<TimeSpan>();
            for (var run = 1; run <= runs; run++)
            {
                // Baseline and app take turns, so a burst of load from a neighbour hits both alike.
                baseline.Add(await steps.BaselineAsync(ct));
                var result = await steps.AppAsync(ct);
                if (result.Changed != warm.Changed)
                {
                    throw new InvalidOperationException($"Run {run} changed {result.Changed:N0} initiatives, the warm-up {warm.Changed:N0}: the runs are not alike.");
                }

                app.Add(result);
                writes.Add(await steps.BareWritesAsync(result, ct));
                Progress($"{responses:N0} responses, run {run}/{runs}: baseline {baseline[^1].TotalSeconds:F2} s, app {result.Time.TotalSeconds:F2} s, bare writes {writes[^1].TotalSeconds:F2} s");
            }

            return new ScaleResult(loaded, warm.Changed, baseline, app, writes);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static void Print(List<ScaleResult> results, int runs, string server, TimeSpan wall)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        Console.WriteLine();
        Console.WriteLine($"Rescore benchmark, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average at the end {load}");
        Console.WriteLine($"Server: {server}");
        var first = results[^1].Loaded;
        Console.WriteLine(
            $"Data: {first.Initiatives.ToString("N0", Invariant)} initiatives still to do, each linked; funnel {RescoreData.FunnelYears} years x {RescoreData.Segments + 1} segments "
            + $"({first.FunnelDays.ToString("N0", Invariant)} rows, the same at both scales); responses and orders at two scales, {RescoreData.InWindowShare:P0} of the responses in the 90-day window");
        Console.WriteLine($"Median of {runs} runs after one untimed warm-up; baseline and app take turns; every app run moves the same inputs (reset untimed before it)");
        Console.WriteLine();
        Console.WriteLine($"{"responses",12}{"in window",12}{"orders",10}{"changed",9}{"baseline s",12}{"app s",9}{"app/base",10}  runs baseline | app (s)");
        foreach (var r in results)
        {
            Console.WriteLine(
                $"{r.Loaded.Responses.ToString("N0", Invariant),12}{r.Loaded.InWindow.ToString("N0", Invariant),12}{r.Loaded.Orders.ToString("N0", Invariant),10}{r.Changed.ToString("N0", Invariant),9}"
                + $"{r.Baseline.ToString("F2", Invariant),12}{r.App.ToString("F2", Invariant),9}{r.Ratio.ToString("F2", Invariant),10}  "
                + string.Join(' ', r.BaselineRuns.Select(t => t.TotalSeconds.ToString("F2", Invariant))) + " | "
                + string.Join(' ', r.AppRuns.Select(a => a.Time.TotalSeconds.ToString("F2", Invariant))));
        }

        // Where the app's time goes (as its log line reports it), and the least the run's writes can cost.
        Console.WriteLine();
        Console.WriteLine($"{"responses",12}{"evidence s",12}{"x base",8}{"derive s",10}{"save s",8}{"bare writes s",15}{"x base",8}{"base + writes",15}");
        foreach (var r in results)
        {
            Console.WriteLine(
                $"{r.Loaded.Responses.ToString("N0", Invariant),12}{r.Evidence.ToString("F2", Invariant),12}{(r.Evidence / r.Baseline).ToString("F2", Invariant),8}"
                + $"{r.Derive.ToString("F2", Invariant),10}{r.Save.ToString("F2", Invariant),8}{r.Writes.ToString("F2", Invariant),15}{(r.Writes / r.Baseline).ToString("F2", Invariant),8}"
                + $"{((r.Baseline + r.Writes) / r.Baseline).ToString("F2", Invariant),15}");
        }

        Console.WriteLine(
            "evidence: reading the initiatives, links and locks and the evidence (what the baseline reads) and counting it; derive: deriving, deciding and ranking; "
            + "save: the transaction. bare writes: the rows one app run wrote, written again by bare SQL on the server alone and rolled back (the floor of any save); "
            + "base + writes: the least an app that reads as fast as the baseline could take, as a multiple of the baseline.");

        var (small, large) = (results[0], results[^1]);
        var evidence = (double)large.Loaded.Responses / small.Loaded.Responses;
        Console.WriteLine();
        Console.WriteLine(
            $"Growth from {small.Loaded.Responses.ToString("N0", Invariant)} to {large.Loaded.Responses.ToString("N0", Invariant)} responses (evidence x{evidence.ToString("F1", Invariant)}): "
            + $"app x{(large.App / small.App).ToString("F2", Invariant)}, baseline x{(large.Baseline / small.Baseline).ToString("F2", Invariant)}; "
            + $"{(large.App / small.App <= evidence ? "no faster than the evidence" : "FASTER than the evidence")}");
        Console.WriteLine($"Target: app <= {Target.ToString("F1", Invariant)} x baseline at {large.Loaded.Responses.ToString("N0", Invariant)} responses: {(large.Ratio <= Target ? "PASS" : "FAIL")} ({large.Ratio.ToString("F2", Invariant)})");
        Console.WriteLine($"Whole benchmark: {wall.TotalMinutes.ToString("F1", Invariant)} minutes");
    }

    private static bool TryParse(string[] args, out int responses, out int initiatives, out int runs)
    {
        responses = 1_000_000;
        initiatives = 10_000;
        runs = 3;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, Invariant, out var parsed) && parsed > 0 ? parsed : (int?)null;
            switch (args[i])
            {
                case "--responses" when value >= ScaleFactor:
                    responses = value.Value;
                    break;
                case "--initiatives" when value is not null:
                    initiatives = value.Value;
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

    private static void Progress(string message) => Console.Error.WriteLine(message);

    private sealed record ScaleResult(LoadedEvidence Loaded, int Changed, List<TimeSpan> BaselineRuns, List<AppResult> AppRuns, List<TimeSpan> WriteRuns)
    {
        public double Baseline => Median(BaselineRuns.Select(t => t.TotalSeconds));

        public double App => Median(AppRuns.Select(a => a.Time.TotalSeconds));

        public double Ratio => App / Baseline;

        public double Evidence => Median(AppRuns.Select(a => a.Phases.Evidence));

        public double Derive => Median(AppRuns.Select(a => a.Phases.Derive));

        public double Save => Median(AppRuns.Select(a => a.Phases.Save));

        public double Writes => Median(WriteRuns.Select(t => t.TotalSeconds));

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
