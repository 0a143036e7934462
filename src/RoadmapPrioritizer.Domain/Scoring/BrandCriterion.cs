using System.Text.RegularExpressions;

namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// One way an initiative can fit what makes an artisan brand itself (craft storytelling, artisan
/// collaboration, ...). Each initiative is rated 0-5 against every criterion; weights say how much each counts.
/// </summary>
public sealed partial class BrandCriterion
{
    public const int KeyMaxLength = 40;
    public const int NameMaxLength = 80;
    public const int DescriptionMaxLength = 500;
    public const double MaxWeight = 10;

    private BrandCriterion(string key, string name, string description, double weight, int sortOrder)
    {
        Key = key;
        Name = name;
        Description = description;
        Weight = weight;
        SortOrder = sortOrder;
    }

    public string Key { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public double Weight { get; private set; }

    public int SortOrder { get; private set; }

    /// <summary>The criteria every new roadmap starts with, equally weighted.</summary>
    public static IReadOnlyList<BrandCriterion> Defaults() =>
    [
        Create("craft_storytelling", "Craft storytelling", "Shows how, where and by whom our pieces are made.", 1, 1),
        Create("artisan_collaboration", "Artisan collaboration", "Works with or directly benefits the makers behind the brand.", 1, 2),
        Create("community_impact", "Community impact", "Strengthens the community of customers, makers and neighbourhood.", 1, 3),
        Create("uniqueness_customisation", "Uniqueness & customisation", "Keeps pieces one-of-a-kind or lets customers make them their own.", 1, 4),
    ];

    public static BrandCriterion Create(string key, string name, string description, double weight, int sortOrder)
    {
        DomainException.ThrowIfInvalid("key", ValidateKey(key));
        DomainException.ThrowIfInvalid("weight", ValidateWeight(weight));
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            throw new DomainException("name", $"Name must be 1-{NameMaxLength} characters.");
        }

        return new BrandCriterion(key, name.Trim(), description.Trim(), weight, sortOrder);
    }

    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength ? $"Name must be 1-{NameMaxLength} characters." : null;

    public static string? ValidateDescription(string? description) =>
        description?.Trim().Length > DescriptionMaxLength ? $"Description must be at most {DescriptionMaxLength} characters." : null;

    /// <summary>An admin retunes what the criterion means or how much it counts; ratings stay as they are.</summary>
    public void Change(string name, string? description, double weight)
    {
        DomainException.ThrowIfInvalid("name", ValidateName(name));
        DomainException.ThrowIfInvalid("description", ValidateDescription(description));
        DomainException.ThrowIfInvalid("weight", ValidateWeight(weight));
        Name = name.Trim();
        Description = description?.Trim() ?? string.Empty;
        Weight = weight;
    }

    public static string? ValidateKey(string key) =>
        KeyPattern().IsMatch(key) ? null : $"Key must be 1-{KeyMaxLength} lowercase letters, digits or underscores, starting with a letter.";

    public static string? ValidateWeight(double weight) =>
        double.IsFinite(weight) && weight > 0 && weight <= MaxWeight ? null : $"Weight must be above 0 and at most {MaxWeight}.";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();
}
