using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>
/// An initiative as a person or integration sends it, before any checks: the API body and the edit
/// form both become this. On update, a null field keeps its current value; an empty string clears it.
/// </summary>
public sealed record InitiativeInput
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public int? ThemeId { get; init; }

    public string? Horizon { get; init; }

    public string? FunnelArea { get; init; }

    public string? Status { get; init; }

    public string? Owner { get; init; }

    public string? TargetKpi { get; init; }

    public double? Reach { get; init; }

    public double? Impact { get; init; }

    public double? Confidence { get; init; }

    public double? Effort { get; init; }

    /// <summary>Ratings 0-5 by criterion key; on update, a map replaces all ratings.</summary>
    public IReadOnlyDictionary<string, double>? BrandAlignment { get; init; }

    /// <summary>On update, the version the editor started from: a save from an older one is refused. Null: no check.</summary>
    public int? Version { get; init; }

    /// <summary>The initiative as it stands, for partial updates.</summary>
    public static InitiativeInput From(Initiative initiative) => new()
    {
        Title = initiative.Title,
        Description = initiative.Description,
        ThemeId = initiative.ThemeId,
        Horizon = initiative.Horizon.ToString(),
        FunnelArea = initiative.FunnelArea?.ToString() ?? string.Empty,
        Status = initiative.Status.ToString(),
        Owner = initiative.Owner,
        TargetKpi = initiative.TargetKpi,
        Reach = initiative.Reach.Value,
        Impact = initiative.Impact.Value,
        Confidence = initiative.Confidence.Value,
        Effort = initiative.Effort.Value,
        BrandAlignment = initiative.BrandRatings.ToDictionary(r => r.CriterionKey, r => (double)r.Rating),
        Version = initiative.Version,
    };

    public InitiativeInput OrElse(InitiativeInput current) => new()
    {
        Title = Title ?? current.Title,
        Description = Description ?? current.Description,
        ThemeId = ThemeId ?? current.ThemeId,
        Horizon = Horizon ?? current.Horizon,
        FunnelArea = FunnelArea ?? current.FunnelArea,
        Status = Status ?? current.Status,
        Owner = Owner ?? current.Owner,
        TargetKpi = TargetKpi ?? current.TargetKpi,
        Reach = Reach ?? current.Reach,
        Impact = Impact ?? current.Impact,
        Confidence = Confidence ?? current.Confidence,
        Effort = Effort ?? current.Effort,
        BrandAlignment = BrandAlignment ?? current.BrandAlignment,
    };

    /// <summary>
    /// Checks every field and reports all problems at once. <paramref name="theme"/> is the theme
    /// <see cref="ThemeId"/> names (null when there is none); an archived theme is refused unless
    /// the initiative is already in it.
    /// </summary>
    public InitiativeDefinition? Validate(Theme? theme, int? currentThemeId, IReadOnlyCollection<BrandCriterion> criteria, FieldErrors errors)
    {
        errors.Add("title", Initiative.ValidateTitle(Title));
        errors.Add("description", Initiative.ValidateText(Description, Initiative.DescriptionMaxLength, "Description"));
        errors.Add("owner", Initiative.ValidateText(Owner, Initiative.OwnerMaxLength, "Owner"));
        errors.Add("targetKpi", Initiative.ValidateText(TargetKpi, Initiative.TargetKpiMaxLength, "Target KPI"));
        errors.Add("themeId", ThemeId is null ? "Theme is required."
            : theme is null ? $"Theme {ThemeId} does not exist."
            : theme.IsArchived && theme.Id != currentThemeId ? $"Theme \"{theme.Name}\" is archived; restore it or pick another."
            : null);

        var horizon = ParseEnum<Horizon>("horizon", Horizon, required: true, errors);
        var funnelArea = ParseEnum<FunnelArea>("funnelArea", FunnelArea, required: false, errors);
        var status = ParseEnum<InitiativeStatus>("status", Status, required: false, errors);

        var reach = Check("reach", Reach, Domain.Scoring.Reach.Validate, errors);
        var impact = Check("impact", Impact, Domain.Scoring.Impact.Validate, errors);
        var confidence = Check("confidence", Confidence, Domain.Scoring.Confidence.Validate, errors);
        var effort = Check("effort", Effort, Domain.Scoring.Effort.Validate, errors);

        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = criteria.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, rating) in BrandAlignment ?? new Dictionary<string, double>())
        {
            var field = $"brandAlignment.{key}";
            if (!keys.Contains(key))
            {
                errors.Add(field, $"Unknown brand criterion \"{key}\"; known: {string.Join(", ", keys.Order(StringComparer.Ordinal))}.");
            }
            else if (BrandRating.Validate(rating) is { } message)
            {
                errors.Add(field, message);
            }
            else
            {
                ratings[key] = (int)rating;
            }
        }

        if (errors.Any)
        {
            return null;
        }

        return new InitiativeDefinition(
            Title!, Description, ThemeId!.Value, horizon!.Value, funnelArea, status ?? InitiativeStatus.Idea, Owner, TargetKpi,
            Domain.Scoring.Reach.Create(reach!.Value), Domain.Scoring.Impact.Create(impact!.Value),
            Domain.Scoring.Confidence.Create(confidence!.Value), Domain.Scoring.Effort.Create(effort!.Value), ratings);
    }

    private static double? Check(string field, double? value, Func<double, string?> validate, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, $"{char.ToUpperInvariant(field[0])}{field[1..]} is required.");
            return null;
        }

        errors.Add(field, validate(value.Value));
        return value;
    }

    private static TEnum? ParseEnum<TEnum>(string field, string? value, bool required, FieldErrors errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, required ? $"{char.ToUpperInvariant(field[0])}{field[1..]} is required." : null);
            return null;
        }

        // Names only: Enum.TryParse would also take "7" and turn it into an undefined value.
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            errors.Add(field, $"\"{value}\" is not one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
            return null;
        }

        return Enum.Parse<TEnum>(name);
    }
}
