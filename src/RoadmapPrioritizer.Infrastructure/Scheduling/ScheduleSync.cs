using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>What Quartz holds for one trigger: its schedule, whether it is paused, and when it fires next.</summary>
public sealed record TriggerSchedule(string Cron, string TimeZone, bool Paused, DateTimeOffset? NextFireAt, DateTimeOffset? PreviousFireAt);

/// <summary>
/// Keeps Quartz's triggers in step with the sources table, which is the truth: each pulled source has a
/// durable job, and a cron trigger in the shop's time zone when it has a schedule, paused while the
/// source is paused. Runs at start-up (repairing anything a failed sync left behind) and after every
/// change to a source. Without a scheduler (Scheduling:Enabled=false) it does nothing.
/// </summary>
public sealed partial class ScheduleSync(
    RoadmapDbContext db,
    IOptions<ScheduleOptions> options,
    ILogger<ScheduleSync> logger,
    ISchedulerFactory? schedulers = null)
{
    public bool Enabled => schedulers is not null;

    /// <summary>Every source's job and trigger, the nightly slot, and no job for a source that is gone.</summary>
    public async Task SyncAllAsync(CancellationToken cancellationToken)
    {
        if (schedulers is null)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await EnsureJobAsync<NightlyRescoreJob>(scheduler, ScheduleKeys.NightlyRescore, "Nightly rescore", cancellationToken);
        await EnsureCronAsync(scheduler, ScheduleKeys.NightlyRescoreTrigger, ScheduleKeys.NightlyRescore, options.Value.NightlyRescoreCron, paused: false, cancellationToken);

        var sources = await db.EvidenceSources.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var source in sources)
        {
            await ApplyAsync(scheduler, source, cancellationToken);
        }

        var known = sources.Select(s => ScheduleKeys.Source(s.Id)).ToHashSet();
        var stored = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.SourcesGroup), Take = PagedQuery.All }, cancellationToken);
        foreach (var orphan in stored.Items.Select(j => j.Key).Where(k => !known.Contains(k)))
        {
            await scheduler.DeleteJob(orphan, cancellationToken);
        }

        LogSynced(sources.Count, options.Value.TimeZone);
    }

    /// <summary>One source's job and trigger as the table says now (removed when the source is gone or not pulled).</summary>
    public async Task SyncSourceAsync(int sourceId, CancellationToken cancellationToken)
    {
        if (schedulers is null)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var source = await db.EvidenceSources.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            await scheduler.DeleteJob(ScheduleKeys.Source(sourceId), cancellationToken);
            return;
        }

        await ApplyAsync(scheduler, source, cancellationToken);
    }

    /// <summary>
    /// Fires the source's job once, now, for the run already recorded. The firing is a trigger in the
    /// shared store, so whichever node of a cluster acquires it first executes it, exactly once.
    /// </summary>
    public async Task FireNowAsync(int sourceId, string sourceName, long runId, CancellationToken cancellationToken)
    {
        var scheduler = await (schedulers ?? throw new InvalidOperationException("Scheduling is switched off (Scheduling:Enabled=false).")).GetScheduler(cancellationToken);
        var job = ScheduleKeys.Source(sourceId);
        await EnsureJobAsync<SourcePullJob>(scheduler, job, sourceName, cancellationToken);
        await scheduler.TriggerJob(job, new JobDataMap { [SourcePullJob.RunIdKey] = runId.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
    }

    /// <summary>Fires the nightly rescore job once, now, for the run already recorded (Run now); any node of a cluster may take it.</summary>
    public async Task FireRescoreNowAsync(long runId, CancellationToken cancellationToken)
    {
        var scheduler = await (schedulers ?? throw new InvalidOperationException("Scheduling is switched off (Scheduling:Enabled=false).")).GetScheduler(cancellationToken);
        await EnsureJobAsync<NightlyRescoreJob>(scheduler, ScheduleKeys.NightlyRescore, "Nightly rescore", cancellationToken);
        await scheduler.TriggerJob(ScheduleKeys.NightlyRescore, new JobDataMap { [SourcePullJob.RunIdKey] = runId.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
    }

    /// <summary>The source's cron trigger as Quartz holds it, or null (no schedule, or scheduling off).</summary>
    public Task<TriggerSchedule?> DescribeSourceAsync(int sourceId, CancellationToken cancellationToken) =>
        DescribeAsync(ScheduleKeys.SourceTrigger(sourceId), cancellationToken);

    public Task<TriggerSchedule?> DescribeNightlyAsync(CancellationToken cancellationToken) =>
        DescribeAsync(ScheduleKeys.NightlyRescoreTrigger, cancellationToken);

    private async Task<TriggerSchedule?> DescribeAsync(TriggerKey key, CancellationToken cancellationToken)
    {
        if (schedulers is null)
        {
            return null;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.GetTrigger(key, cancellationToken) is not ICronTrigger trigger)
        {
            return null;
        }

        var paused = await scheduler.GetTriggerState(key, cancellationToken) == TriggerState.Paused;
        return new TriggerSchedule(trigger.CronExpressionString ?? string.Empty, trigger.TimeZone.Id, paused, paused ? null : trigger.NextFireTimeUtc, trigger.PreviousFireTimeUtc);
    }

    private async Task ApplyAsync(IScheduler scheduler, EvidenceSource source, CancellationToken cancellationToken)
    {
        var job = ScheduleKeys.Source(source.Id);
        if (!source.IsPulled)
        {
            await scheduler.DeleteJob(job, cancellationToken);
            return;
        }

        await EnsureJobAsync<SourcePullJob>(scheduler, job, source.Name, cancellationToken);
        var trigger = ScheduleKeys.SourceTrigger(source.Id);
        if (source.Cron is null)
        {
            await scheduler.UnscheduleJob(trigger, cancellationToken);
            return;
        }

        await EnsureCronAsync(scheduler, trigger, job, source.Cron, paused: !source.Enabled, cancellationToken);
    }

    private static async Task EnsureJobAsync<TJob>(IScheduler scheduler, JobKey key, string description, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var existing = await scheduler.GetJobDetail(key, cancellationToken);
        if (existing is null || existing.Description != description || existing.JobType != new JobType(typeof(TJob)))
        {
            // Replacing a job's details keeps its triggers.
            var detail = JobBuilder.Create<TJob>().WithIdentity(key).WithDescription(description).StoreDurably().Build();
            await scheduler.AddJob(detail, AddJobOptions.Replacing, cancellationToken);
        }
    }

    /// <summary>
    /// A trigger whose schedule is unchanged is kept as stored, never rebuilt: rebuilding would move its
    /// next fire time past a firing missed while the app was down, and that firing must still run once.
    /// </summary>
    private async Task EnsureCronAsync(IScheduler scheduler, TriggerKey key, JobKey job, string cron, bool paused, CancellationToken cancellationToken)
    {
        var zone = options.Value.ShopTimeZone;
        var existing = await scheduler.GetTrigger(key, cancellationToken) as ICronTrigger;
        if (existing is null
            || existing.CronExpressionString != cron
            || existing.TimeZone.Id != zone.Id
            || existing.MisfireInstruction != CronTriggerMisfireInstruction.FireAndProceed)
        {
            var trigger = TriggerBuilder.Create()
                .WithIdentity(key)
                .ForJob(job)
                // After downtime (or a pause) the missed firings run once, now, not once per missed
                // slot; then the schedule carries on. Quartz spells this FireAndProceed ("fire once now").
                .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true, Paused = paused }, cancellationToken);
            LogScheduled(key.ToString(), cron, zone.Id, paused);
            return;
        }

        var state = await scheduler.GetTriggerState(key, cancellationToken);
        if (state == TriggerState.Error)
        {
            await scheduler.ResetTriggerFromErrorState(key, cancellationToken);
        }

        if (paused && state != TriggerState.Paused)
        {
            await scheduler.PauseTrigger(key, cancellationToken);
        }
        else if (!paused && state == TriggerState.Paused)
        {
            await scheduler.ResumeTrigger(key, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Schedule in step with {Count} source(s); cron triggers read in {TimeZone}")]
    private partial void LogSynced(int count, string timeZone);

    [LoggerMessage(LogLevel.Information, "Scheduled {Trigger}: {Cron} in {TimeZone} (paused: {Paused})")]
    private partial void LogScheduled(string trigger, string cron, string timeZone, bool paused);
}
