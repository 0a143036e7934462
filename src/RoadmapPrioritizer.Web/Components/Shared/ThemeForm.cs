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

    public static ThemeForm From(Theme theme) => new()
    {
        Name = theme.Name,
        Description = theme.Description,
        Colour = theme.Colour,
        Archived = theme.IsArchived,
    };

    public ThemeInput ToInput() => new(Name ?? string.Empty, Description ?? string.Empty, Colour, Archived);
}
