using System.Globalization;
using Quartz;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>
/// Where each piece of work lives in Quartz's tables. Stored keys outlive releases, so these never change:
/// one durable job per source (group "sources", name = source id) with one cron trigger of the same key.
/// </summary>
public static class ScheduleKeys
{
    public const string SourcesGroup = "sources";
    public const string MaintenanceGroup = "maintenance";

    public static JobKey NightlyRescore { get; } = new("nightly-rescore", MaintenanceGroup);

    public static TriggerKey NightlyRescoreTrigger { get; } = new("nightly-rescore", MaintenanceGroup);

    public static JobKey Source(int sourceId) => new(sourceId.ToString(CultureInfo.InvariantCulture), SourcesGroup);

    public static TriggerKey SourceTrigger(int sourceId) => new(sourceId.ToString(CultureInfo.InvariantCulture), SourcesGroup);

    public static int? SourceIdOf(JobKey key) =>
        key.Group == SourcesGroup && int.TryParse(key.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
