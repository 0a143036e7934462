using System.Globalization;
using Quartz;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Rescoring;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>
/// The nightly slot (Scheduling:NightlyRescoreCron in the shop's time zone), and "Run rescore now"
/// with the id of the run it recorded. One firing at a time across a cluster.
/// </summary>
[DisallowConcurrentExecution]
public sealed class NightlyRescoreJob(RescoreService rescore) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (context.MergedJobDataMap.TryGetValue(SourcePullJob.RunIdKey, out var value)
            && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
        {
            await rescore.ExecuteAsync(runId, cancellationToken);
            return;
        }

        await rescore.RunAsync(RunTrigger.Schedule, actor: null, cancellationToken);
    }
}
