using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

public enum RunNowStatus
{
    Started,

    /// <summary>A run of the source is under way; <see cref="RunNowResult.RunId"/> is that run.</summary>
    AlreadyRunning,
    NotFound,

    /// <summary>Webhook sources and CSV sources without an import folder receive data; there is nothing to pull.</summary>
    NotPulled,

    /// <summary>Scheduling:Enabled is false, so no scheduler would ever execute the run.</summary>
    SchedulingOff,
}

public sealed record RunNowResult(RunNowStatus Status, long? RunId = null);

/// <summary>One source on the jobs page: its settings, its trigger as Quartz holds it, and its latest runs (newest first).</summary>
public sealed record SourceJob(SourceView Source, TriggerSchedule? Schedule, IReadOnlyList<ImportRun> History)
{
    public ImportRun? LastRun => History.Count > 0 ? History[0] : null;

    public bool IsPulled => SourceOperations.IsPulled(Source);
}

/// <summary>Everything the jobs page shows.</summary>
public sealed record JobsOverview(bool SchedulingEnabled, string TimeZone, string NightlyCron, TriggerSchedule? Nightly, IReadOnlyList<SourceJob> Sources);

/// <summary>
/// What the sources API and the jobs page do to a source: each change is saved through
/// <see cref="SourceService"/> and then applied to the schedule; "Run now" records the run and hands
/// it to the scheduler, which any node of a cluster may execute.
/// </summary>
public sealed partial class SourceOperations(
    SourceService sources,
    IngestionService ingestion,
    ScheduleSync schedule,
    IOptions<ScheduleOptions> options,
    ILogger<SourceOperations> logger)
{
    public const int HistoryLength = 10;

    public static bool IsPulled(SourceView source) => EvidenceSource.Pulls(source.Kind, source.Settings);

    public Task<IReadOnlyList<SourceView>> ListAsync(CancellationToken cancellationToken) => sources.ListAsync(cancellationToken);

    public Task<SourceView?> FindAsync(int id, CancellationToken cancellationToken) => sources.FindAsync(id, cancellationToken);

    public async Task<JobsOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var jobs = new List<SourceJob>();
        foreach (var source in await sources.ListAsync(cancellationToken))
        {
            jobs.Add(new SourceJob(
                source,
                await schedule.DescribeSourceAsync(source.Id, cancellationToken),
                await ingestion.HistoryAsync(source.Id, HistoryLength, cancellationToken)));
        }

        var settings = options.Value;
        return new JobsOverview(schedule.Enabled, settings.TimeZone, settings.NightlyRescoreCron, await schedule.DescribeNightlyAsync(cancellationToken), jobs);
    }

    public async Task<Outcome<SourceView>> CreateAsync(SourceInput input, CancellationToken cancellationToken) =>
        await SyncedAsync(await sources.CreateAsync(input, cancellationToken), cancellationToken);

    public async Task<Outcome<SourceView>> PauseAsync(int id, CancellationToken cancellationToken) =>
        await SyncedAsync(await sources.PauseAsync(id, cancellationToken), cancellationToken);

    public async Task<Outcome<SourceView>> ResumeAsync(int id, CancellationToken cancellationToken) =>
        await SyncedAsync(await sources.ResumeAsync(id, cancellationToken), cancellationToken);

    public async Task<Outcome<SourceView>> RescheduleAsync(int id, string? cron, CancellationToken cancellationToken) =>
        await SyncedAsync(await sources.RescheduleAsync(id, string.IsNullOrWhiteSpace(cron) ? null : cron, cancellationToken), cancellationToken);

    public async Task<Outcome<SourceView>> ConfigureAsync(int id, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken) =>
        await SyncedAsync(await sources.ConfigureAsync(id, settings, cancellationToken), cancellationToken);

    public Task<Outcome<SourceView>> ReplaceSecretAsync(int id, string? secret, CancellationToken cancellationToken) =>
        sources.ReplaceSecretAsync(id, secret, cancellationToken);

    public async Task<RunNowResult> RunNowAsync(int id, string? actor, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source)
        {
            return new RunNowResult(RunNowStatus.NotFound);
        }

        if (!IsPulled(source))
        {
            return new RunNowResult(RunNowStatus.NotPulled);
        }

        if (!schedule.Enabled)
        {
            return new RunNowResult(RunNowStatus.SchedulingOff);
        }

        var started = await ingestion.StartRunAsync(id, RunTrigger.Manual, actor, cancellationToken);
        if (started is not { } run)
        {
            return new RunNowResult(RunNowStatus.NotFound);
        }

        if (!run.Started)
        {
            return new RunNowResult(RunNowStatus.AlreadyRunning, run.RunId);
        }

        try
        {
            await schedule.FireNowAsync(id, source.Name, run.RunId, cancellationToken);
        }
        catch (Exception error)
        {
            // Otherwise the recorded run would stay "Running" and hold off the source's next runs.
            await ingestion.FailRunAsync(run.RunId, $"The scheduler could not take the run: {error.Message}", CancellationToken.None);
            throw;
        }

        LogRunNow(source.Name, run.RunId);
        return new RunNowResult(RunNowStatus.Started, run.RunId);
    }

    public Task<ImportRun?> FindRunAsync(int sourceId, long runId, CancellationToken cancellationToken) =>
        ingestion.FindRunAsync(sourceId, runId, cancellationToken);

    public Task<IReadOnlyList<ImportRun>> HistoryAsync(int sourceId, CancellationToken cancellationToken) =>
        ingestion.HistoryAsync(sourceId, HistoryLength, cancellationToken);

    /// <summary>
    /// The change is saved whatever the scheduler says: the sources table is the truth, and every start
    /// re-applies it to the schedule. A failure here is logged, and the jobs page shows the trigger as it is.
    /// </summary>
    private async Task<Outcome<SourceView>> SyncedAsync(Outcome<SourceView> outcome, CancellationToken cancellationToken)
    {
        if (outcome.IsOk)
        {
            try
            {
                await schedule.SyncSourceAsync(outcome.Value!.Id, cancellationToken);
            }
            catch (Exception error) when (error is SchedulerException or DbException)
            {
                LogSyncFailed(error, outcome.Value!.Name);
            }
        }

        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "Run {RunId} of {Source} handed to the scheduler")]
    private partial void LogRunNow(string source, long runId);

    [LoggerMessage(LogLevel.Error, "The schedule of {Source} could not be updated; it is applied again at the next start")]
    private partial void LogSyncFailed(Exception error, string source);
}
