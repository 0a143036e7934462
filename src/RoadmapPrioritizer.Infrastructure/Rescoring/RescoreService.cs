using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>A run as recorded, and whether this call started it (false: another was already under way).</summary>
public sealed record RescoreStart(RescoreRun Run, bool Started);

/// <summary>One point of an initiative's score history.</summary>
public sealed record ScoreHistoryPoint(RescoreRun Run, ScoreSnapshot Snapshot);

/// <summary>
/// The nightly rescore (and Run now): evaluates yesterday's funnel for incidents, then derives reach, impact and confidence of every initiative still
/// to do from its linked evidence, never touching a locked input, ranks everything, and keeps a
/// snapshot per initiative. One transaction: a run that fails leaves the previous snapshots current
/// and the inputs as they were. The same evidence gives the same snapshot.
/// </summary>
public sealed partial class RescoreService(
    RoadmapDbContext db, IncidentService incidents, IOptions<RescoreOptions> options, TimeProvider time, ILogger<RescoreService> logger)
{
    /// <summary>A run "running" for longer than this was left by a process that stopped; it no longer holds off new runs.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(2);

    /// <summary>Records a run unless one is under way (then returns that one).</summary>
    public async Task<RescoreStart> StartAsync(RunTrigger trigger, string? actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var running = await db.RescoreRuns.Where(r => r.State == RunState.Running).OrderByDescending(r => r.Id).ToListAsync(ct);
        foreach (var stale in running.Where(r => now - r.StartedAt > AbandonedAfter))
        {
            stale.Fail("Abandoned: the process running it stopped before it finished; nothing of it was kept.", now);
        }

        if (running.FirstOrDefault(r => r.State == RunState.Running) is { } underWay)
        {
            await db.SaveChangesAsync(ct);
            return new RescoreStart(underWay, Started: false);
        }

        var run = RescoreRun.Start(trigger, actor, now);
        db.RescoreRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return new RescoreStart(run, Started: true);
    }

    /// <summary>Starts and executes a run now (the nightly slot); null when another run is under way.</summary>
    public async Task<RescoreRun?> RunAsync(RunTrigger trigger, string? actor, CancellationToken ct)
    {
        var start = await StartAsync(trigger, actor, ct);
        if (!start.Started)
        {
            LogSkipped(start.Run.Id);
            return null;
        }

        return await ExecuteAsync(start.Run.Id, ct);
    }

    /// <summary>Executes a recorded run; a run already finished is returned as it is.</summary>
    public async Task<RescoreRun> ExecuteAsync(long runId, CancellationToken ct)
    {
        var run = await db.RescoreRuns.FirstAsync(r => r.Id == runId, ct);
        if (run.State != RunState.Running)
        {
            return run;
        }

        try
        {
            // Yesterday was the last complete day of funnel data: incidents first, in their own save
            // (idempotent), so a broken funnel shows on the ranked list whatever the rescore then finds.
            await incidents.EvaluateAsync(run.AsOf.AddDays(-1), ct);

            // Evidence is read first and everything is written in one transaction (the input changes with
            // their audit rows, the snapshots, the run's outcome), so the database is not held for writes
            // while the evidence is read. A run changes thousands of rows at once, so they are written set-based.
            var started = time.GetTimestamp();
            var (snapshots, changed, evidenceRead) = await RescoreAllAsync(run, ct);
            var derived = time.GetTimestamp();
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveUpdatesInBulkAsync<Initiative>(ct);
                await BulkRows.InsertAsync(db, snapshots, ct);

                // The initiatives are written: the run's own save need not scan thousands of them again.
                db.ChangeTracker.Clear();
                db.RescoreRuns.Attach(run);
                run.Succeed(snapshots.Count, changed, time.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            LogRescored(
                run.Id,
                snapshots.Count,
                changed,
                evidenceRead.TotalSeconds,
                (time.GetElapsedTime(started, derived) - evidenceRead).TotalSeconds,
                time.GetElapsedTime(derived).TotalSeconds);
            return run;
        }
        catch (Exception error)
        {
            // The transaction rolled back: forget what this run changed and record why it failed.
            db.ChangeTracker.Clear();
            var failed = await db.RescoreRuns.FirstAsync(r => r.Id == runId, CancellationToken.None);
            failed.Fail(error is OperationCanceledException ? "Cancelled; nothing of this run was kept." : $"{error.GetType().Name}: {error.Message}", time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            LogFailed(error, runId);
            throw;
        }
    }

    /// <summary>Marks a recorded run failed that never started executing.</summary>
    public async Task FailAsync(long runId, string error, CancellationToken ct)
    {
        var run = await db.RescoreRuns.FirstAsync(r => r.Id == runId, ct);
        run.Fail(error, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    public Task<RescoreRun?> FindRunAsync(long runId, CancellationToken ct) =>
        db.RescoreRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);

    public async Task<IReadOnlyList<RescoreRun>> RecentRunsAsync(int count, CancellationToken ct) =>
        await db.RescoreRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);

    /// <summary>The initiative through every succeeded run, oldest first.</summary>
    public async Task<IReadOnlyList<ScoreHistoryPoint>> HistoryAsync(int initiativeId, CancellationToken ct)
    {
        var rows = await db.ScoreSnapshots.AsNoTracking()
            .Where(s => s.InitiativeId == initiativeId)
            .Join(db.RescoreRuns.Where(r => r.State == RunState.Succeeded), s => s.RunId, r => r.Id, (s, r) => new { s, r })
            .OrderBy(x => x.r.Id)
            .ToListAsync(ct);
        return rows.Select(x => new ScoreHistoryPoint(x.r, x.s)).ToList();
    }

    /// <summary>The ranks every initiative had in the run before the latest (the baseline of the ranked list's arrows).</summary>
    public async Task<IReadOnlyDictionary<int, int?>> PreviousRanksAsync(CancellationToken ct)
    {
        var previous = await db.RescoreRuns.AsNoTracking().Where(r => r.State == RunState.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => r.Id).Skip(1).Take(1).ToListAsync(ct);
        if (previous.Count == 0)
        {
            return new Dictionary<int, int?>();
        }

        // Only the two columns: the ranked list asks on every load, and the details are JSON per initiative.
        return await db.ScoreSnapshots.AsNoTracking().Where(s => s.RunId == previous[0])
            .Select(s => new { s.InitiativeId, s.Rank })
            .ToDictionaryAsync(s => s.InitiativeId, s => s.Rank, ct);
    }

    /// <summary>What the latest succeeded run flagged about each initiative's evidence (only those it flagged).</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> LatestFlagsAsync(CancellationToken ct)
    {
        var latest = await db.RescoreRuns.AsNoTracking().Where(r => r.State == RunState.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return new Dictionary<int, IReadOnlyList<string>>();
        }

        var snapshots = await db.ScoreSnapshots.AsNoTracking().Where(s => s.RunId == latest).ToListAsync(ct);
        return snapshots.Where(s => s.Details.Flags.Count > 0).ToDictionary(s => s.InitiativeId, s => s.Details.Flags);
    }

    /// <summary>
    /// Sets the inputs the evidence moves on the tracked initiatives and returns a snapshot of each; the
    /// caller saves them together. <c>EvidenceRead</c>: how long loading and reading the evidence took.
    /// </summary>
    private async Task<(IReadOnlyList<ScoreSnapshot> Snapshots, int Changed, TimeSpan EvidenceRead)> RescoreAllAsync(RescoreRun run, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var rules = options.Value.Rules;
        var now = time.GetUtcNow().UtcDateTime;
        var initiatives = await db.Initiatives.OrderBy(i => i.Id).ToListAsync(ct);
        var criteria = await db.BrandCriteria.AsNoTracking().ToListAsync(ct);
        var links = await db.EvidenceLinks.AsNoTracking().ToDictionaryAsync(l => l.InitiativeId, ct);
        var locks = (await db.InputLocks.AsNoTracking().ToListAsync(ct)).ToLookup(l => l.InitiativeId);

        // Shipped, measured and parked work keeps the inputs it had: they are what its results are measured against.
        var derivable = initiatives.Where(i => i.Status.IsRanked() && links.ContainsKey(i.Id)).ToList();
        var derivableLinks = derivable.Select(i => links[i.Id]).ToList();
        var evidence = await EvidenceGathering.GatherAsync(db, derivableLinks, run.AsOf.AddDays(-rules.WindowDays), run.AsOf, ct);
        var byInitiative = derivable.Select((i, index) => (i.Id, index)).ToDictionary(x => x.Id, x => evidence[x.index]);
        var evidenceRead = time.GetElapsedTime(started);

        var details = new Dictionary<int, SnapshotDetails>();
        var changed = 0;
        foreach (var initiative in initiatives)
        {
            var link = links.GetValueOrDefault(initiative.Id);
            var found = byInitiative.GetValueOrDefault(initiative.Id);
            var derivation = link is not null && found is not null
                ? InputDerivation.Derive(link, found, rules, run.AsOf)
                : Derivation.Nothing;
            var lockedInputs = locks[initiative.Id].ToDictionary(l => l.Input);
            var states = new Dictionary<ScoreInput, InputState>();
            var moved = false;
            foreach (var input in Enum.GetValues<ScoreInput>())
            {
                var (state, set) = Decide(initiative, input, derivation.For(input), lockedInputs.GetValueOrDefault(input), link, found is not null);
                moved |= set is { } value && initiative.SetInput(input, value, now);
                states[input] = state with { Value = set ?? state.Value };
            }

            changed += moved ? 1 : 0;
            details[initiative.Id] = new SnapshotDetails(
                states[ScoreInput.Reach],
                states[ScoreInput.Impact],
                states[ScoreInput.Confidence],
                states[ScoreInput.Effort],
                found is null ? SnapshotEvidence.None : SnapshotEvidence.From(found),
                derivation.EvidenceKinds,
                derivation.Flags);
        }

        var ranked = Ranking.Rank(initiatives.Where(i => i.Status.IsRanked()), i => i.Score(criteria), i => i.Id).ToDictionary(r => r.Item.Id);
        var snapshots = initiatives.Select(initiative =>
        {
            var rank = ranked.GetValueOrDefault(initiative.Id);
            return ScoreSnapshot.Take(run.Id, initiative.Id, rank?.Score ?? initiative.Score(criteria), rank?.Rank, details[initiative.Id]);
        }).ToList();
        return (snapshots, changed, evidenceRead);
    }

    /// <summary>
    /// Human judgement wins: a lock's value stands (the evidence's suggestion is still shown beside it);
    /// otherwise a derived value replaces the input; otherwise the input stays as a person entered it.
    /// </summary>
    /// <returns>The input's state, and the value to set (null: leave it).</returns>
    private static (InputState State, double? Set) Decide(Initiative initiative, ScoreInput input, DerivedInput? derived, InputLock? locked, EvidenceLink? link, bool rescored)
    {
        var current = InputValues.Of(initiative, input);
        if (locked is not null)
        {
            var suggestion = derived is null ? string.Empty : $" The evidence suggests {ScoreMovement.Format(input, derived.Value)}: {derived.Explanation}.";
            return (new InputState(InputOrigin.Locked, locked.Value, derived?.Value, $"Locked by {locked.LockedBy} on {locked.LockedAt:yyyy-MM-dd}: {locked.Rationale}.{suggestion}"), locked.Value);
        }

        if (derived is not null)
        {
            return (new InputState(InputOrigin.Derived, derived.Value, derived.Value, derived.Explanation), derived.Value);
        }

        var why = input == ScoreInput.Effort ? "The team's estimate; effort is never derived from evidence."
            : link is null ? "Entered by hand; no evidence is linked."
            : !rescored ? "Entered by hand; only work still to do is rescored."
            : $"Entered by hand; the linked evidence cannot derive it ({InputValues.WhatDerives(input)}).";
        return (new InputState(InputOrigin.Manual, current, null, why), null);
    }

    /// <summary>Where a run's time went, for whoever watches the nightly job (and the rescore benchmark, which reads the seconds from here).</summary>
    [LoggerMessage(
        LogLevel.Information,
        "Rescore {RunId}: {Initiatives} initiatives snapshotted, {Changed} changed by evidence; "
        + "{EvidenceSeconds:0.00} s reading the initiatives and their evidence, {DeriveSeconds:0.00} s deriving and ranking, {SaveSeconds:0.00} s saving")]
    private partial void LogRescored(long runId, int initiatives, int changed, double evidenceSeconds, double deriveSeconds, double saveSeconds);

    [LoggerMessage(LogLevel.Information, "Rescore skipped: run {RunId} is under way")]
    private partial void LogSkipped(long runId);

    [LoggerMessage(LogLevel.Error, "Rescore {RunId} failed; the previous snapshots stay current")]
    private partial void LogFailed(Exception error, long runId);
}

/// <summary>Reading one input of an initiative by name.</summary>
public static class InputValues
{
    public static double Of(Initiative initiative, ScoreInput input) => input switch
    {
        ScoreInput.Reach => initiative.Reach.Value,
        ScoreInput.Impact => initiative.Impact.Value,
        ScoreInput.Confidence => initiative.Confidence.Value,
        _ => initiative.Effort.Value,
    };

    public static string WhatDerives(ScoreInput input) => input switch
    {
        ScoreInput.Reach => "reach needs a funnel step with funnel data in the window",
        ScoreInput.Impact => "impact needs reasons or keywords with responses in the window",
        ScoreInput.Confidence => "confidence needs responses or funnel data in the window",
        _ => "effort is never derived",
    };
}
