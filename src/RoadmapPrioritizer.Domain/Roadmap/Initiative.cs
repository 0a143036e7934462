using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Roadmap;

/// <summary>Everything a person decides about an initiative, already checked field by field.</summary>
public sealed record InitiativeDefinition(
    string Title,
    string? Description,
    int ThemeId,
    Horizon Horizon,
    FunnelArea? FunnelArea,
    InitiativeStatus Status,
    string? Owner,
    string? TargetKpi,
    Reach Reach,
    Impact Impact,
    Confidence Confidence,
    Effort Effort,
    IReadOnlyDictionary<string, int> BrandRatings);

/// <summary>A piece of roadmap work, with its RICE inputs and brand-alignment ratings.</summary>
public sealed class Initiative
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int OwnerMaxLength = 100;
    public const int TargetKpiMaxLength = 200;

    private readonly List<BrandRating> _brandRatings = [];

    // For EF Core materialisation.
    private Initiative()
    {
        Title = string.Empty;
        Description = string.Empty;
        Owner = string.Empty;
        TargetKpi = string.Empty;
    }

    public int Id { get; private set; }

    public string Title { get; private set; }

    public string Description { get; private set; }

    public int ThemeId { get; private set; }

    public Horizon Horizon { get; private set; }

    public FunnelArea? FunnelArea { get; private set; }

    public InitiativeStatus Status { get; private set; }

    public string Owner { get; private set; }

    public string TargetKpi { get; private set; }

    public Reach Reach { get; private set; }

    public Impact Impact { get; private set; }

    public Confidence Confidence { get; private set; }

    public Effort Effort { get; private set; }

    public IReadOnlyCollection<BrandRating> BrandRatings => _brandRatings;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>1 when created, one more with every change: a save that starts from an older version is someone else's edit lost.</summary>
    public int Version { get; private set; }

    public RiceScore Rice => RiceScore.Calculate(Reach, Impact, Confidence, Effort);

    public IReadOnlyDictionary<string, int> RatingsByCriterion =>
        _brandRatings.ToDictionary(r => r.CriterionKey, r => r.Rating, StringComparer.Ordinal);

    public static string? ValidateTitle(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "Title is required."
        : title.Trim().Length > TitleMaxLength ? $"Title must be at most {TitleMaxLength} characters."
        : null;

    public static string? ValidateText(string? value, int maxLength, string what) =>
        value?.Trim().Length > maxLength ? $"{what} must be at most {maxLength} characters." : null;

    public static Initiative Create(InitiativeDefinition definition, DateTime now)
    {
        // Version 0 until defined: the first definition makes version 1.
        var initiative = new Initiative { CreatedAt = now };
        initiative.Redefine(definition, now);
        return initiative;
    }

    public PriorityScore Score(IEnumerable<BrandCriterion> criteria) =>
        PriorityScore.Calculate(Rice, BrandAlignment.Calculate(criteria, RatingsByCriterion));

    public void Redefine(InitiativeDefinition definition, DateTime now)
    {
        DomainException.ThrowIfInvalid("title", ValidateTitle(definition.Title));
        DomainException.ThrowIfInvalid("description", ValidateText(definition.Description, DescriptionMaxLength, "Description"));
        DomainException.ThrowIfInvalid("owner", ValidateText(definition.Owner, OwnerMaxLength, "Owner"));
        DomainException.ThrowIfInvalid("targetKpi", ValidateText(definition.TargetKpi, TargetKpiMaxLength, "Target KPI"));

        Title = definition.Title.Trim();
        Description = definition.Description?.Trim() ?? string.Empty;
        ThemeId = definition.ThemeId;
        Horizon = definition.Horizon;
        FunnelArea = definition.FunnelArea;
        Status = definition.Status;
        Owner = definition.Owner?.Trim() ?? string.Empty;
        TargetKpi = definition.TargetKpi?.Trim() ?? string.Empty;
        Reach = definition.Reach;
        Impact = definition.Impact;
        Confidence = definition.Confidence;
        Effort = definition.Effort;
        RateBrand(definition.BrandRatings);
        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// Sets one RICE input without touching the rest: a value derived from evidence, or a person's lock.
    /// Returns false, and changes nothing, when the input already has that value.
    /// </summary>
    public bool SetInput(Rescoring.ScoreInput input, double value, DateTime now)
    {
        var current = input switch
        {
            Rescoring.ScoreInput.Reach => Reach.Value,
            Rescoring.ScoreInput.Impact => Impact.Value,
            Rescoring.ScoreInput.Confidence => Confidence.Value,
            _ => Effort.Value,
        };
        if (current.Equals(value))
        {
            return false;
        }

        switch (input)
        {
            case Rescoring.ScoreInput.Reach:
                Reach = Reach.Create(value);
                break;
            case Rescoring.ScoreInput.Impact:
                Impact = Impact.Create(value);
                break;
            case Rescoring.ScoreInput.Confidence:
                Confidence = Confidence.Create(value);
                break;
            default:
                Effort = Effort.Create(value);
                break;
        }

        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>Parking keeps the initiative and its scores but takes it out of the ranking.</summary>
    public void Park(DateTime now)
    {
        Status = InitiativeStatus.Parked;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>An executive's go-ahead: an idea becomes planned work.</summary>
    public void Approve(DateTime now)
    {
        DomainException.ThrowIfInvalid("status", ValidateApproval(Status));
        Status = InitiativeStatus.Planned;
        UpdatedAt = now;
        Version++;
    }

    public static string? ValidateApproval(InitiativeStatus status) =>
        status == InitiativeStatus.Idea ? null : $"Only ideas can be approved; this initiative is {status.Label().ToLowerInvariant()}.";

    private void RateBrand(IReadOnlyDictionary<string, int> ratings)
    {
        _brandRatings.RemoveAll(r => !ratings.ContainsKey(r.CriterionKey));
        foreach (var (key, value) in ratings)
        {
            var existing = _brandRatings.Find(r => r.CriterionKey == key);
            if (existing is null)
            {
                _brandRatings.Add(BrandRating.Create(key, value));
            }
            else
            {
                existing.Change(value);
            }
        }
    }
}
