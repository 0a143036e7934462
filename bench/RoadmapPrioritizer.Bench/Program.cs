using RoadmapPrioritizer.Bench.Ingest;
using RoadmapPrioritizer.Bench.Rescore;

// dotnet run -c Release --project bench/RoadmapPrioritizer.Bench -- <benchmark> [options]
// Each benchmark prints a report and exits 0 whatever the figures; 1 means it could not measure, 2 bad usage.
var benchmarks = new Dictionary<string, Func<string[], CancellationToken, Task<int>>>(StringComparer.Ordinal)
{
    ["ingest"] = IngestBenchmark.RunAsync,
    ["rescore"] = RescoreBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"Usage: RoadmapPrioritizer.Bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

// Ctrl+C cancels the run, so clusters and files are cleaned up on the way out instead of left behind.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await run(args[1..], cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception error)
{
    Console.Error.WriteLine($"The benchmark failed: {error}");
    return 1;
}
