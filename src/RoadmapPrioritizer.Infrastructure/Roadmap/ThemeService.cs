using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>
/// A theme as sent by a person or integration; on update a null field keeps its value, and a
/// <paramref name="Version"/> older than the stored one is refused (null: no check).
/// </summary>
public sealed record ThemeInput(string? Name, string? Description = null, string? Colour = null, bool? Archived = null, int? Version = null);

public sealed record ThemeSummary(Theme Theme, int InitiativeCount);

public sealed class ThemeService(RoadmapDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<ThemeSummary>> ListAsync(CancellationToken ct)
    {
        var counts = await db.Initiatives.GroupBy(i => i.ThemeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var themes = await db.Themes.AsNoTracking().OrderBy(t => t.IsArchived).ThenBy(t => t.Name).ToListAsync(ct);
        return themes.Select(t => new ThemeSummary(t, counts.GetValueOrDefault(t.Id))).ToList();
    }

    public Task<Theme?> FindAsync(int id, CancellationToken ct) => db.Themes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    public async Task<Outcome<Theme>> CreateAsync(ThemeInput input, CancellationToken ct)
    {
        var colour = string.IsNullOrWhiteSpace(input.Colour) ? Theme.SuggestColour(await db.Themes.CountAsync(ct)) : input.Colour.Trim();
        var errors = Validate(input with { Colour = colour });
        if (errors.Any)
        {
            return Outcome<Theme>.Invalid(errors);
        }

        if (await NameTakenAsync(input.Name!, exceptId: null, ct))
        {
            return DuplicateName(input.Name!);
        }

        var theme = Theme.Create(input.Name!, input.Description, colour, time.GetUtcNow().UtcDateTime, archived: input.Archived == true);
        db.Themes.Add(theme);
        return await SaveAsync(theme, loaded: null, ct);
    }

    public Task<Outcome<Theme>> UpdateAsync(int id, ThemeInput input, CancellationToken ct) => UpdateAsync(id, input, startedFrom: null, ct);

    /// <summary>
    /// Changes the fields <paramref name="input"/> carries. When its version is older than the stored
    /// one, or someone saves between this read and this write, nothing is written and the outcome is
    /// Stale: the stored theme and, per field, what changed.
    /// </summary>
    /// <param name="startedFrom">
    /// The values the editor loaded with that version, so a refusal can say what someone else changed;
    /// without them the fields <paramref name="input"/> carries are compared with what is stored.
    /// </param>
    public async Task<Outcome<Theme>> UpdateAsync(int id, ThemeInput input, ThemeInput? startedFrom, CancellationToken ct)
    {
        var theme = await db.Themes.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (theme is null)
        {
            return Outcome<Theme>.NotFound();
        }

        if (input.Version is { } expected && expected != theme.Version)
        {
            return Outcome<Theme>.Stale(theme, EditChanges.Between(startedFrom ?? input, theme, someoneElse: startedFrom is not null));
        }

        var merged = new ThemeInput(input.Name ?? theme.Name, input.Description ?? theme.Description, input.Colour ?? theme.Colour, input.Archived ?? theme.IsArchived);
        var errors = Validate(merged);
        if (errors.Any)
        {
            return Outcome<Theme>.Invalid(errors);
        }

        if (await NameTakenAsync(merged.Name!, exceptId: id, ct))
        {
            return DuplicateName(merged.Name!);
        }

        var loaded = new ThemeInput(theme.Name, theme.Description, theme.Colour, theme.IsArchived, theme.Version);
        theme.Revise(merged.Name!, merged.Description, merged.Colour!, merged.Archived == true, time.GetUtcNow().UtcDateTime);
        return await SaveAsync(theme, loaded, ct);
    }

    private static FieldErrors Validate(ThemeInput input)
    {
        var errors = new FieldErrors();
        errors.Add("name", Theme.ValidateName(input.Name));
        errors.Add("description", Theme.ValidateDescription(input.Description));
        errors.Add("colour", Theme.ValidateColour(input.Colour));
        return errors;
    }

    private Task<bool> NameTakenAsync(string name, int? exceptId, CancellationToken ct)
    {
        var normalized = Theme.Normalize(name);
        return db.Themes.AnyAsync(t => t.NormalizedName == normalized && t.Id != exceptId, ct);
    }

    private static Outcome<Theme> DuplicateName(string name) =>
        Outcome<Theme>.Conflict("name", $"A theme named \"{name.Trim()}\" already exists.");

    /// <param name="loaded">On update, the theme as read before it was changed.</param>
    private async Task<Outcome<Theme>> SaveAsync(Theme theme, ThemeInput? loaded, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<Theme>.Ok(theme);
        }
        catch (DbUpdateConcurrencyException) when (loaded is not null)
        {
            // The UPDATE's "WHERE version = <loaded>" matched no row: someone saved between this read and this write.
            db.ChangeTracker.Clear();
            return await FindAsync(theme.Id, ct) is { } current
                ? Outcome<Theme>.Stale(current, EditChanges.Between(loaded, current, someoneElse: true))
                : Outcome<Theme>.NotFound();
        }
        catch (DbUpdateException)
        {
            // Lost a race with another request for the same name: the unique index said no.
            db.ChangeTracker.Clear();
            return DuplicateName(theme.Name);
        }
    }
}
