using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// Runs a source's connector: records a run, stores each page with its cursor, keeps the counts
/// current for the jobs page, and turns any failure into the run's error while the pages already
/// stored (and their cursor) stay, so the next run resumes after the last good page.
/// </summary>
public sealed partial class IngestionService(
    RoadmapDbContext db,
    SourceService sources,
    IEnumerable<IConnector> connectors,
    TimeProvider time,
    ILogger<IngestionService> logger)
{
    /// <summary>A run still "Running" after this long was cut off by a stop or crash; it no longer blocks new runs.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(6);

    /// <summary>Records a new run, unless one of this source is already under way (then that run's id, and false).</summary>
    public async Task<(long RunId, bool Started)?> StartRunAsync(int sourceId, RunTrigger trigger, string? actor, CancellationToken cancellationToken)
    {
        if (!await db.EvidenceSources.AnyAsync(s => s.Id == sourceId, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var running = await db.ImportRuns.Where(r => r.SourceId == sourceId && r.State == RunState.Running).ToListAsync(cancellationToken);
        foreach (var abandoned in running.Where(r => now - r.StartedAt > AbandonedAfter))
        {
            abandoned.Fail("The app stopped while this run was under way; the next run resumes from the last stored page.", now);
        }

        if (running.FirstOrDefault(r => r.State == RunState.Running) is { } current)
        {
            await db.SaveChangesAsync(cancellationToken);
            return (current.Id, false);
        }

        var run = ImportRun.Start(sourceId, trigger, actor, now);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return (run.Id, true);
    }

    /// <summary>
    /// What a scheduled or "Run now" firing does: execute the run "Run now" recorded, or (on schedule)
    /// start one unless the source is paused or a run of it is already under way.
    /// </summary>
    public async Task<ImportRun?> PullAsync(int sourceId, long? recordedRunId, CancellationToken cancellationToken)
    {
        if (recordedRunId is { } recorded)
        {
            return await db.ImportRuns.AnyAsync(r => r.Id == recorded && r.SourceId == sourceId, cancellationToken)
                ? await ExecuteRunAsync(recorded, cancellationToken)
                : null;
        }

        if (!await db.EvidenceSources.AnyAsync(s => s.Id == sourceId && s.Enabled, cancellationToken))
        {
            LogSkippedPaused(sourceId);
            return null;
        }

        var started = await StartRunAsync(sourceId, RunTrigger.Schedule, actor: null, cancellationToken);
        if (started is not { Started: true, RunId: var runId })
        {
            LogSkippedBusy(sourceId, started?.RunId);
            return null;
        }

        return await ExecuteRunAsync(runId, cancellationToken);
    }

    /// <summary>
    /// Pulls everything after the source's cursor; never throws for the source's faults (they become the
    /// run's error). A run that has already finished is returned as it is, never pulled a second time.
    /// </summary>
    public async Task<ImportRun> ExecuteRunAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.State != RunState.Running)
        {
            return run;
        }

        var source = await db.EvidenceSources.AsNoTracking().SingleAsync(s => s.Id == run.SourceId, cancellationToken);
        var pages = 0;
        try
        {
            // The last one registered for a kind wins, as with any DI registration, so a host can replace a connector.
            var connector = connectors.LastOrDefault(c => c.Kind == source.Kind)
                ?? throw new ConnectorException(source.IsPulled
                    ? $"No connector for {source.Kind} is installed in this build of the app."
                    : $"Sources of kind {source.Kind} are not pulled; they receive uploads or webhooks.");
            var connection = await sources.ConnectAsync(source.Id, cancellationToken)
                ?? throw new ConnectorException("The source was deleted during the run.");
            var store = new EvidenceStore(db);
            await foreach (var page in connector.PullAsync(connection, source.Cursor, cancellationToken))
            {
                var counts = await store.SavePageAsync(source.Id, page, cancellationToken);
                pages++;
                run.Count(counts.Added, counts.AlreadyPresent, page.RejectedCount ?? page.Rejected.Select(r => r.Position).Distinct().Count(), page.Progress ?? $"page {pages}");
                await db.SaveChangesAsync(cancellationToken);
                foreach (var rejected in page.Rejected)
                {
                    LogRejected(source.Name, rejected.Position, rejected.Field, rejected.Message);
                }
            }

            run.Succeed(time.GetUtcNow().UtcDateTime);
            LogSucceeded(source.Name, run.Added, run.AlreadyPresent, run.Rejected, pages);
        }
        catch (ConnectorException error)
        {
            run.Fail($"{error.Message} ({pages} page(s) stored before this; the next run resumes after them.)", time.GetUtcNow().UtcDateTime);
            LogFailed(error, source.Name, pages);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Recorded rather than left "Running", which would hold off the next scheduled run for hours.
            run.Fail($"Stopped after {pages} page(s) because the app was shutting down; the next run resumes after them.", time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        catch (Exception error)
        {
            run.Fail($"Unexpected error after {pages} page(s): {error.GetType().Name}: {error.Message}", time.GetUtcNow().UtcDateTime);
            LogCrashed(error, source.Name, pages);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return run;
    }

    /// <summary>Ends a recorded run that will never execute (e.g. the scheduler refused it), so it does not block the next.</summary>
    public async Task FailRunAsync(long runId, string error, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is { State: RunState.Running })
        {
            run.Fail(error, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task<ImportRun?> FindRunAsync(int sourceId, long runId, CancellationToken cancellationToken) =>
        db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.SourceId == sourceId, cancellationToken);

    public async Task<IReadOnlyList<ImportRun>> HistoryAsync(int sourceId, int count, CancellationToken cancellationToken) =>
        await db.ImportRuns.AsNoTracking().Where(r => r.SourceId == sourceId).OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);

    [LoggerMessage(LogLevel.Information, "Scheduled pull of source {SourceId} skipped: the source is paused or gone")]
    private partial void LogSkippedPaused(int sourceId);

    [LoggerMessage(LogLevel.Information, "Scheduled pull of source {SourceId} skipped: run {RunId} is still under way")]
    private partial void LogSkippedBusy(int sourceId, long? runId);

    [LoggerMessage(LogLevel.Information, "Pulled {Source}: {Added} added, {AlreadyPresent} already present, {Rejected} rejected over {Pages} page(s)")]
    private partial void LogSucceeded(string source, int added, int alreadyPresent, int rejected, int pages);

    [LoggerMessage(LogLevel.Warning, "Rejected a record from {Source} at {Position}: {Field}: {Reason}")]
    private partial void LogRejected(string source, string position, string field, string reason);

    [LoggerMessage(LogLevel.Warning, "Pull of {Source} failed after {Pages} page(s)")]
    private partial void LogFailed(Exception error, string source, int pages);

    [LoggerMessage(LogLevel.Error, "Pull of {Source} crashed after {Pages} page(s)")]
    private partial void LogCrashed(Exception error, string source, int pages);
}
