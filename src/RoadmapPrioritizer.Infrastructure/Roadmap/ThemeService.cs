using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>A theme as sent by a person or integration; on update a null field keeps its value.</summary>
public sealed record ThemeInput(string? Name, string? Description = null, string? Colour = null, bool? Archived = null);

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

        var now = time.GetUtcNow().UtcDateTime;
        var theme = Theme.Create(input.Name!, input.Description, colour, now);
        if (input.Archived == true)
        {
            theme.Archive(now);
        }

        db.Themes.Add(theme);
        return await SaveAsync(theme, ct);
    }

    public async Task<Outcome<Theme>> UpdateAsync(int id, ThemeInput input, CancellationToken ct)
    {
        var theme = await db.Themes.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (theme is null)
        {
            return Outcome<Theme>.NotFound();
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

        var now = time.GetUtcNow().UtcDateTime;
        theme.Rename(merged.Name!, now);
        theme.Describe(merged.Description, now);
        theme.Recolour(merged.Colour!, now);
        if (merged.Archived == true)
        {
            theme.Archive(now);
        }
        else
        {
            theme.Restore(now);
        }

        return await SaveAsync(theme, ct);
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

    private async Task<Outcome<Theme>> SaveAsync(Theme theme, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<Theme>.Ok(theme);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another request for the same name: the unique index said no.
            db.ChangeTracker.Clear();
            return DuplicateName(theme.Name);
        }
    }
}
