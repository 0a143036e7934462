using Microsoft.Extensions.Logging;

namespace RoadmapPrioritizer.Infrastructure.Scoring;

/// <summary>
/// Recomputes scores from the evidence imported during the day. A placeholder for now: the slot and its
/// trigger exist so the schedule, the jobs page and clustering are in place when rescoring arrives.
/// </summary>
public sealed partial class NightlyRescore(ILogger<NightlyRescore> logger)
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LogNothingToDo();
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Nightly rescore: nothing to do yet (scores are computed when initiatives are edited)")]
    private partial void LogNothingToDo();
}
