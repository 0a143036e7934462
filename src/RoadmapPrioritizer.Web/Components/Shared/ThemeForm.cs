using System.Text.Json;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>The theme form as posted.</summary>
public sealed class ThemeForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Colour { get; set; }

    public bool Archived { get; set; }

    /// <summary>On edit, the version this form was loaded from: saving over a newer one is refused.</summary>
    public int? Version { get; set; }

    /// <summary>On edit, the stored values the form was loaded with (JSON), so a refused save can say what someone else changed.</summary>
    public string? StartedFrom { get; set; }

    public static ThemeForm From(Theme theme) => new()
    {
        Name = theme.Name,
        Description = theme.Description,
        Colour = theme.Colour,
        Archived = theme.IsArchived,
        Version = theme.Version,
        StartedFrom = Snapshot(theme),
    };

    /// <summary>Keeps the values typed in, but from now on as an edit of <paramref name="current"/>.</summary>
    public void ContinueFrom(Theme current)
    {
        Version = current.Version;
        StartedFrom = Snapshot(current);
    }

    /// <summary>What the form was loaded with; null when the page did not send it or it was tampered with.</summary>
    public ThemeInput? StartedFromInput()
    {
        try
        {
            return string.IsNullOrEmpty(StartedFrom) ? null : JsonSerializer.Deserialize<ThemeInput>(StartedFrom);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public ThemeInput ToInput() => new(Name ?? string.Empty, Description ?? string.Empty, Colour, Archived, Version);

    private static string Snapshot(Theme theme) =>
        JsonSerializer.Serialize(new ThemeInput(theme.Name, theme.Description, theme.Colour, theme.IsArchived, theme.Version));
}
