using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>Creates, changes, parks and deletes initiatives; every write is checked in full first.</summary>
public sealed class InitiativeService(RoadmapDbContext db, RoadmapService roadmap, TimeProvider time)
{
    public async Task<ScoredInitiative?> GetAsync(int id, CancellationToken ct) =>
        (await roadmap.RankAllAsync(ct)).FirstOrDefault(s => s.Initiative.Id == id);

    public async Task<Outcome<ScoredInitiative>> CreateAsync(InitiativeInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var definition = await ValidateAsync(input, currentThemeId: null, errors, ct);
        if (definition is null)
        {
            return Outcome<ScoredInitiative>.Invalid(errors);
        }

        var initiative = Initiative.Create(definition, time.GetUtcNow().UtcDateTime);
        db.Initiatives.Add(initiative);
        await db.SaveChangesAsync(ct);
        return await ScoredAsync(initiative.Id, ct);
    }

    /// <summary>Changes the fields <paramref name="input"/> carries; the others keep their values.</summary>
    public Task<Outcome<ScoredInitiative>> UpdateAsync(int id, InitiativeInput input, CancellationToken ct) =>
        UpdateAsync(id, input, startedFrom: null, ct);

    /// <summary>
    /// Changes the fields <paramref name="input"/> carries; the others keep their values. When
    /// <see cref="InitiativeInput.Version"/> is older than the stored version, or someone saves between
    /// this read and this write, nothing is written and the outcome is Stale: the stored initiative
    /// and, per field, what changed.
    /// </summary>
    /// <param name="startedFrom">
    /// The values the editor loaded with that version, so a refusal can say what someone else changed;
    /// without them the fields <paramref name="input"/> carries are compared with what is stored.
    /// </param>
    public async Task<Outcome<ScoredInitiative>> UpdateAsync(int id, InitiativeInput input, InitiativeInput? startedFrom, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return Outcome<ScoredInitiative>.NotFound();
        }

        if (input.Version is { } expected && expected != initiative.Version)
        {
            return await StaleAsync(id, startedFrom ?? input, someoneElse: startedFrom is not null, ct);
        }

        var loaded = InitiativeInput.From(initiative);
        var errors = new FieldErrors();
        var definition = await ValidateAsync(input.OrElse(loaded), initiative.ThemeId, errors, ct);
        if (definition is null)
        {
            return Outcome<ScoredInitiative>.Invalid(errors);
        }

        initiative.Redefine(definition, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(id, loaded, ct);
    }

    /// <param name="expectedVersion">The version the caller saw, if it has one: parking an older version is refused as Stale.</param>
    public Task<Outcome<ScoredInitiative>> ParkAsync(int id, int? expectedVersion, CancellationToken ct) =>
        DecideAsync(id, expectedVersion, _ => null, (i, now) => i.Park(now), ct);

    /// <summary>An idea becomes planned work; anything else is refused with the reason.</summary>
    public Task<Outcome<ScoredInitiative>> ApproveAsync(int id, int? expectedVersion, CancellationToken ct) =>
        DecideAsync(id, expectedVersion, i => Initiative.ValidateApproval(i.Status), (i, now) => i.Approve(now), ct);

    private async Task<Outcome<ScoredInitiative>> DecideAsync(
        int id, int? expectedVersion, Func<Initiative, string?> validate, Action<Initiative, DateTime> decide, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return Outcome<ScoredInitiative>.NotFound();
        }

        if (expectedVersion is { } expected && expected != initiative.Version)
        {
            // Only the version is known of what the caller saw, so there is no field to compare.
            return await StaleAsync(id, new InitiativeInput(), someoneElse: false, ct);
        }

        var errors = new FieldErrors();
        errors.Add("status", validate(initiative));
        if (errors.Any)
        {
            return Outcome<ScoredInitiative>.Invalid(errors);
        }

        var loaded = InitiativeInput.From(initiative);
        decide(initiative, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(id, loaded, ct);
    }

    /// <param name="expectedVersion">The version the caller saw, if it has one: deleting an older version is refused as Stale.</param>
    public async Task<OutcomeStatus> DeleteAsync(int id, int? expectedVersion, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return OutcomeStatus.NotFound;
        }

        if (expectedVersion is { } expected && expected != initiative.Version)
        {
            return OutcomeStatus.Stale;
        }

        db.Initiatives.Remove(initiative);
        try
        {
            await db.SaveChangesAsync(ct);
            return OutcomeStatus.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed (or deleted) by someone else between this read and this write.
            db.ChangeTracker.Clear();
            return await db.Initiatives.AnyAsync(i => i.Id == id, ct) ? OutcomeStatus.Stale : OutcomeStatus.NotFound;
        }
    }

    private async Task<InitiativeDefinition?> ValidateAsync(InitiativeInput input, int? currentThemeId, FieldErrors errors, CancellationToken ct)
    {
        var theme = input.ThemeId is { } themeId ? await db.Themes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == themeId, ct) : null;
        var criteria = await roadmap.GetCriteriaAsync(ct);
        return input.Validate(theme, currentThemeId, criteria, errors);
    }

    /// <summary>Saves, unless someone else saved the initiative since <paramref name="loaded"/> was read.</summary>
    private async Task<Outcome<ScoredInitiative>> SaveAsync(int id, InitiativeInput loaded, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // The UPDATE's "WHERE version = <loaded>" matched no row (or a rating row it changed had
            // gone): someone saved between this read and this write. Any other failure is not ours to explain.
            db.ChangeTracker.Clear();
            var stored = await db.Initiatives.AsNoTracking().Where(i => i.Id == id).Select(i => (int?)i.Version).FirstOrDefaultAsync(ct);
            if (ex is DbUpdateConcurrencyException || stored != loaded.Version)
            {
                return await StaleAsync(id, loaded, someoneElse: true, ct);
            }

            throw;
        }

        return await ScoredAsync(id, ct);
    }

    private async Task<Outcome<ScoredInitiative>> StaleAsync(int id, InitiativeInput startedFrom, bool someoneElse, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } current)
        {
            return Outcome<ScoredInitiative>.NotFound();
        }

        var themeNames = await db.Themes.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var criteria = await roadmap.GetCriteriaAsync(ct);
        return Outcome<ScoredInitiative>.Stale(current, EditChanges.Between(startedFrom, current.Initiative, someoneElse, themeNames, criteria));
    }

    private async Task<Outcome<ScoredInitiative>> ScoredAsync(int id, CancellationToken ct) =>
        await GetAsync(id, ct) is { } scored ? Outcome<ScoredInitiative>.Ok(scored) : Outcome<ScoredInitiative>.NotFound();
}
