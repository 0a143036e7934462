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
    public async Task<Outcome<ScoredInitiative>> UpdateAsync(int id, InitiativeInput input, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return Outcome<ScoredInitiative>.NotFound();
        }

        var errors = new FieldErrors();
        var definition = await ValidateAsync(input.OrElse(InitiativeInput.From(initiative)), initiative.ThemeId, errors, ct);
        if (definition is null)
        {
            return Outcome<ScoredInitiative>.Invalid(errors);
        }

        initiative.Redefine(definition, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await ScoredAsync(id, ct);
    }

    public async Task<Outcome<ScoredInitiative>> ParkAsync(int id, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return Outcome<ScoredInitiative>.NotFound();
        }

        initiative.Park(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await ScoredAsync(id, ct);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null)
        {
            return false;
        }

        db.Initiatives.Remove(initiative);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<InitiativeDefinition?> ValidateAsync(InitiativeInput input, int? currentThemeId, FieldErrors errors, CancellationToken ct)
    {
        var theme = input.ThemeId is { } themeId ? await db.Themes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == themeId, ct) : null;
        var criteria = await roadmap.GetCriteriaAsync(ct);
        return input.Validate(theme, currentThemeId, criteria, errors);
    }

    private async Task<Outcome<ScoredInitiative>> ScoredAsync(int id, CancellationToken ct) =>
        await GetAsync(id, ct) is { } scored ? Outcome<ScoredInitiative>.Ok(scored) : Outcome<ScoredInitiative>.NotFound();
}
