using System.Text.RegularExpressions;

namespace RoadmapPrioritizer.Domain.Roadmap;

/// <summary>A roadmap theme such as "Conversion optimisation"; initiatives belong to one.</summary>
public sealed partial class Theme
{
    public const int NameMaxLength = 80;
    public const int DescriptionMaxLength = 1000;
    public const int ColourLength = 7;

    private static readonly string[] Palette = ["#2f6f6a", "#b5562f", "#6b4c9a", "#8a6d1f", "#3b6ea5", "#9b3d5a", "#4f7a3a"];

    private Theme(string name, string description, string colour, DateTime createdAt)
    {
        Name = name;
        NormalizedName = Normalize(name);
        Description = description;
        Colour = colour;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        Version = 1;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Upper-case name; unique, so "Gifting" and "gifting" cannot both exist.</summary>
    public string NormalizedName { get; private set; }

    public string Description { get; private set; }

    /// <summary>"#rrggbb".</summary>
    public string Colour { get; private set; }

    public bool IsArchived { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>1 when created, one more with every save: a save that starts from an older version is someone else's edit lost.</summary>
    public int Version { get; private set; }

    public static IReadOnlyList<(string Name, string Description, string Colour)> Defaults { get; } =
    [
        ("Conversion optimisation", "Turn more visits into orders: product pages, cart and checkout.", "#2f6f6a"),
        ("Personalisation", "Make each customer's visit and order feel made for them.", "#6b4c9a"),
        ("Operational efficiency", "Less time on fulfilment and admin, more time at the workbench.", "#8a6d1f"),
        ("New product launches", "Bring new collections and collaborations to market well.", "#b5562f"),
    ];

    /// <summary>A colour for the n-th theme when the user picks none.</summary>
    public static string SuggestColour(int existingThemes) => Palette[existingThemes % Palette.Length];

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Name is required."
        : name.Trim().Length > NameMaxLength ? $"Name must be at most {NameMaxLength} characters."
        : null;

    public static string? ValidateDescription(string? description) =>
        description?.Length > DescriptionMaxLength ? $"Description must be at most {DescriptionMaxLength} characters." : null;

    public static string? ValidateColour(string? colour) =>
        colour is not null && ColourPattern().IsMatch(colour) ? null : "Colour must be a hex colour such as #2f6f6a.";

    public static Theme Create(string name, string? description, string colour, DateTime now, bool archived = false)
    {
        DomainException.ThrowIfInvalid("name", ValidateName(name));
        DomainException.ThrowIfInvalid("description", ValidateDescription(description));
        DomainException.ThrowIfInvalid("colour", ValidateColour(colour));
        return new Theme(name.Trim(), description?.Trim() ?? string.Empty, colour.ToLowerInvariant(), now) { IsArchived = archived };
    }

    /// <summary>Every editable field at once, as the edit form and the API save them: one save, one new version.</summary>
    public void Revise(string name, string? description, string colour, bool archived, DateTime now)
    {
        // Check everything first, so a bad colour cannot leave a half-renamed theme behind.
        DomainException.ThrowIfInvalid("name", ValidateName(name));
        DomainException.ThrowIfInvalid("description", ValidateDescription(description));
        DomainException.ThrowIfInvalid("colour", ValidateColour(colour));
        var version = Version;
        Rename(name, now);
        Describe(description, now);
        Recolour(colour, now);
        if (archived)
        {
            Archive(now);
        }
        else
        {
            Restore(now);
        }

        Version = version + 1;
    }

    public void Rename(string name, DateTime now)
    {
        DomainException.ThrowIfInvalid("name", ValidateName(name));
        Name = name.Trim();
        NormalizedName = Normalize(name);
        UpdatedAt = now;
        Version++;
    }

    public void Describe(string? description, DateTime now)
    {
        DomainException.ThrowIfInvalid("description", ValidateDescription(description));
        Description = description?.Trim() ?? string.Empty;
        UpdatedAt = now;
        Version++;
    }

    public void Recolour(string colour, DateTime now)
    {
        DomainException.ThrowIfInvalid("colour", ValidateColour(colour));
        Colour = colour.ToLowerInvariant();
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Archived themes take no new initiatives; the ones they hold stay on the roadmap.</summary>
    public void Archive(DateTime now)
    {
        IsArchived = true;
        UpdatedAt = now;
        Version++;
    }

    public void Restore(DateTime now)
    {
        IsArchived = false;
        UpdatedAt = now;
        Version++;
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColourPattern();
}
