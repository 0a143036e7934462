using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>An initiative's link and what it matches in the current window.</summary>
/// <param name="Samples">The newest matching responses, newest first.</param>
public sealed record LinkedEvidence(EvidenceLink? Link, InitiativeEvidence Evidence, IReadOnlyList<EvidenceSample> Samples, DateOnly From, DateOnly Until);

/// <summary>One input as it stands now: its value, where it came from and why.</summary>
public sealed record InputView(ScoreInput Input, double Value, InputOrigin Origin, string Explanation, double? Suggested, InputLock? Lock);

/// <summary>A lock to set (value and rationale), or null to lift it.</summary>
public sealed record LockInput(double? Value, string? Rationale);

/// <summary>Links initiatives to evidence, locks their inputs, and says where each input's value comes from.</summary>
public sealed class EvidenceLinkService(RoadmapDbContext db, IOptions<RescoreOptions> options, TimeProvider time)
{
    /// <summary>How many matching responses the initiative page quotes.</summary>
    public const int SampleCount = 5;

    public async Task<LinkedEvidence?> GetAsync(int initiativeId, CancellationToken ct)
    {
        if (!await db.Initiatives.AnyAsync(i => i.Id == initiativeId, ct))
        {
            return null;
        }

        var link = await db.EvidenceLinks.AsNoTracking().FirstOrDefaultAsync(l => l.InitiativeId == initiativeId, ct);
        var until = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = until.AddDays(-options.Value.WindowDays);
        if (link is null)
        {
            return new LinkedEvidence(null, InitiativeEvidence.None, [], from, until);
        }

        var (evidence, samples) = await EvidenceGathering.GatherOneAsync(db, link, from, until, SampleCount, ct);
        return new LinkedEvidence(link, evidence, samples, from, until);
    }

    /// <summary>Replaces the link; a definition that links nothing removes it. Scores follow at the next rescore.</summary>
    public async Task<Outcome<LinkedEvidence>> SetAsync(int initiativeId, EvidenceLinkDefinition definition, CancellationToken ct)
    {
        var errors = new FieldErrors();
        foreach (var (field, message) in EvidenceLink.Validate(definition))
        {
            errors.Add(field, message);
        }

        if (errors.Any)
        {
            return Outcome<LinkedEvidence>.Invalid(errors);
        }

        if (!await db.Initiatives.AnyAsync(i => i.Id == initiativeId, ct))
        {
            return Outcome<LinkedEvidence>.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var link = await db.EvidenceLinks.FirstOrDefaultAsync(l => l.InitiativeId == initiativeId, ct);
        var empty = definition.Reasons.Count == 0 && definition.Keywords.Count == 0 && definition.FunnelStep is null;
        if (empty)
        {
            if (link is not null)
            {
                db.EvidenceLinks.Remove(link);
            }
        }
        else if (link is null)
        {
            db.EvidenceLinks.Add(EvidenceLink.Create(initiativeId, definition, now));
        }
        else
        {
            link.Redefine(definition, now);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<LinkedEvidence>.Ok((await GetAsync(initiativeId, ct))!);
    }

    /// <summary>
    /// Locks (value and rationale) or lifts (null) the inputs named; the others stay as they are. A lock
    /// sets the input at once. Everything is checked first: one bad lock and nothing is written.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<InputView>>> SetLocksAsync(int initiativeId, IReadOnlyDictionary<ScoreInput, LockInput?> changes, string lockedBy, CancellationToken ct)
    {
        var errors = new FieldErrors();
        foreach (var (input, change) in changes)
        {
            if (change is null)
            {
                continue;
            }

            var field = char.ToLowerInvariant(input.ToString()[0]) + input.ToString()[1..];
            errors.Add($"{field}.value", change.Value is { } value ? InputLock.ValidateValue(input, value) : "A lock needs the value to keep.");
            errors.Add($"{field}.rationale", InputLock.ValidateRationale(change.Rationale));
        }

        if (errors.Any)
        {
            return Outcome<IReadOnlyList<InputView>>.Invalid(errors);
        }

        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == initiativeId, ct);
        if (initiative is null)
        {
            return Outcome<IReadOnlyList<InputView>>.NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.InputLocks.Where(l => l.InitiativeId == initiativeId).ToDictionaryAsync(l => l.Input, ct);
        foreach (var (input, change) in changes)
        {
            var current = existing.GetValueOrDefault(input);
            if (change is null)
            {
                if (current is not null)
                {
                    db.InputLocks.Remove(current);
                }

                continue;
            }

            if (current is null)
            {
                db.InputLocks.Add(InputLock.Create(initiativeId, input, change.Value!.Value, change.Rationale!, lockedBy, now));
            }
            else
            {
                current.Change(change.Value!.Value, change.Rationale!, lockedBy, now);
            }

            initiative.SetInput(input, change.Value!.Value, now);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<IReadOnlyList<InputView>>.Ok(await InputsAsync(initiativeId, ct));
    }

    /// <summary>Each input now: locked (by whom, why), derived by the last rescore (and why), or entered by hand.</summary>
    public async Task<IReadOnlyList<InputView>> InputsAsync(int initiativeId, CancellationToken ct)
    {
        var initiative = await db.Initiatives.AsNoTracking().FirstAsync(i => i.Id == initiativeId, ct);
        var locks = await db.InputLocks.AsNoTracking().Where(l => l.InitiativeId == initiativeId).ToDictionaryAsync(l => l.Input, ct);
        var linked = await db.EvidenceLinks.AnyAsync(l => l.InitiativeId == initiativeId, ct);
        var latest = await db.ScoreSnapshots.AsNoTracking()
            .Where(s => s.InitiativeId == initiativeId && db.RescoreRuns.Any(r => r.Id == s.RunId && r.State == RunState.Succeeded))
            .OrderByDescending(s => s.RunId).FirstOrDefaultAsync(ct);

        return Enum.GetValues<ScoreInput>().Select(input =>
        {
            var value = InputValues.Of(initiative, input);
            var state = latest?.Details.For(input);
            if (locks.GetValueOrDefault(input) is { } locked)
            {
                var suggestion = state?.Suggested is { } s ? $" The last rescore's evidence suggested {ScoreMovement.Format(input, s)}." : string.Empty;
                return new InputView(input, value, InputOrigin.Locked, $"Locked by {locked.LockedBy} on {locked.LockedAt:yyyy-MM-dd}: {locked.Rationale}.{suggestion}", state?.Suggested, locked);
            }

            if (state is { Origin: InputOrigin.Derived } && state.Value.Equals(value))
            {
                return new InputView(input, value, InputOrigin.Derived, state.Explanation, state.Suggested, null);
            }

            var why = input == ScoreInput.Effort ? "The team's estimate; effort is never derived from evidence."
                : linked ? $"Entered by hand; the next rescore derives it from the linked evidence if it can ({InputValues.WhatDerives(input)})."
                : "Entered by hand; no evidence is linked.";
            return new InputView(input, value, InputOrigin.Manual, why, null, null);
        }).ToList();
    }
}
