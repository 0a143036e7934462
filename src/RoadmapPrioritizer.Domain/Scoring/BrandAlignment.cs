namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// Brand alignment: the weighted mean of an initiative's 0-5 ratings over all criteria, where an
/// unrated criterion counts as 0 (a fit nobody vouched for is no fit). It scales RICE through
/// <see cref="Multiplier"/>: 0.5 + score / 5, so no fit halves RICE, an average fit (2.5) leaves it
/// as it is, and a perfect fit adds half again.
/// </summary>
public sealed record BrandAlignment
{
    /// <summary>The multiplier's floor: what an initiative with no brand fit keeps of its RICE.</summary>
    public const double MultiplierFloor = 0.5;

    /// <summary>Below this score (40% fit) an initiative is flagged so a big RICE cannot hide a poor fit.</summary>
    public const double LowFitThreshold = 2.0;

    private BrandAlignment(double score, IReadOnlyList<BrandAlignmentLine> lines)
    {
        Score = score;
        Lines = lines;
    }

    /// <summary>Weighted mean rating, 0-5, unrounded.</summary>
    public double Score { get; }

    public double Multiplier => MultiplierFloor + (Score / BrandRating.Max);

    public bool IsLowFit => Score < LowFitThreshold;

    public IReadOnlyList<BrandAlignmentLine> Lines { get; }

    public static BrandAlignment Calculate(IEnumerable<BrandCriterion> criteria, IReadOnlyDictionary<string, int> ratings)
    {
        var lines = criteria
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new BrandAlignmentLine(c.Key, c.Name, c.Weight, ratings.TryGetValue(c.Key, out var r) ? r : null))
            .ToList();
        var totalWeight = lines.Sum(l => l.Weight);
        var score = totalWeight > 0 ? lines.Sum(l => l.Weight * (l.Rating ?? 0)) / totalWeight : 0;
        return new BrandAlignment(score, lines);
    }

    /// <summary>The arithmetic a person can redo by hand.</summary>
    public string Explain()
    {
        var totalWeight = Lines.Sum(l => l.Weight);
        var terms = string.Join(" + ", Lines.Select(l => $"{l.Weight:0.##}×{l.Rating ?? 0}"));
        return $"({terms}) ÷ {totalWeight:0.##} = {Score:0.##} of 5; multiplier {MultiplierFloor} + {Score:0.##} ÷ 5 = {Multiplier:0.###}";
    }
}

/// <summary>One criterion's part in an alignment score; <see cref="Rating"/> is null when nobody rated it.</summary>
public sealed record BrandAlignmentLine(string Key, string Name, double Weight, int? Rating);
