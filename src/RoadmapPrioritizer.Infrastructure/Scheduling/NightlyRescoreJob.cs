using Quartz;
using RoadmapPrioritizer.Infrastructure.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>The nightly slot (Scheduling:NightlyRescoreCron in the shop's time zone); one firing at a time across a cluster.</summary>
[DisallowConcurrentExecution]
public sealed class NightlyRescoreJob(NightlyRescore rescore) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await rescore.RunAsync(cancellationToken);
}
