using System.Globalization;
using Quartz;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>
/// Pulls one source. Fired by the source's cron trigger, or by "Run now" with the id of the run it
/// recorded in the trigger's data. One firing per source at a time, across every node of a cluster.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SourcePullJob(IngestionService ingestion) : IJob
{
    /// <summary>The recorded run a "Run now" firing executes (a string: job data is stored as JSON).</summary>
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sourceId = ScheduleKeys.SourceIdOf(context.JobDetail.Key)
            ?? throw new InvalidOperationException($"Job {context.JobDetail.Key} is not a source's job.");
        long? runId = context.MergedJobDataMap.TryGetValue(RunIdKey, out var value)
            && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        await ingestion.PullAsync(sourceId, runId, cancellationToken);
    }
}
