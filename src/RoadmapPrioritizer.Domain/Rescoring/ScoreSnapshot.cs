namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>One input as a rescore left it: its value, where it came from, what the evidence suggested, and why.</summary>
/// <param name="Suggested">What the evidence suggested, also when a lock kept another value; null when nothing could be derived.</param>
public sealed record InputState(InputOrigin Origin, double Value, double? Suggested, string Explanation);

/// <summary>The evidence figures behind a snapshot, kept so the next run can say what changed.</summary>
public sealed record SnapshotEvidence(
    int Responses,
    int Matched,
    int Requests,
    double WeightedRequests,
    long? StepPrevious,
    long? StepReached,
    int FunnelDays,
    int Orders,
    DateOnly? NewestEvidence)
{
    public static SnapshotEvidence None { get; } = new(0, 0, 0, 0, null, null, 0, 0, null);

    public static SnapshotEvidence From(InitiativeEvidence evidence)
    {
        DateOnly? newestMatch = evidence.NewestMatch is { } at ? DateOnly.FromDateTime(at) : null;
        var newest = new[] { newestMatch, evidence.Funnel?.NewestDay }.Max();
        return new(
            evidence.Responses,
            evidence.Matched,
            evidence.Requests.Count,
            evidence.Requests.Weighted,
            evidence.Funnel?.Previous,
            evidence.Funnel?.Reached,
            evidence.Funnel?.DaysWithData ?? 0,
            evidence.Orders,
            newest);
    }
}

/// <summary>Everything a snapshot explains beyond its numbers.</summary>
public sealed record SnapshotDetails(
    InputState Reach,
    InputState Impact,
    InputState Confidence,
    InputState Effort,
    SnapshotEvidence Evidence,
    IReadOnlyList<string> EvidenceKinds,
    IReadOnlyList<string> Flags)
{
    public InputState For(ScoreInput input) => input switch
    {
        ScoreInput.Reach => Reach,
        ScoreInput.Impact => Impact,
        ScoreInput.Confidence => Confidence,
        _ => Effort,
    };
}

/// <summary>An initiative as one rescore run left it: inputs, scores and rank (null: not ranked, e.g. shipped).</summary>
public sealed class ScoreSnapshot
{
    private ScoreSnapshot()
    {
        Details = null!;
    }

    public long Id { get; private set; }

    public long RunId { get; private set; }

    public int InitiativeId { get; private set; }

    public double Reach { get; private set; }

    public double Impact { get; private set; }

    public double Confidence { get; private set; }

    public double Effort { get; private set; }

    public double RiceScore { get; private set; }

    public double BrandFit { get; private set; }

    public double PriorityScore { get; private set; }

    public int? Rank { get; private set; }

    public SnapshotDetails Details { get; private set; }

    public static ScoreSnapshot Take(long runId, int initiativeId, Scoring.PriorityScore score, int? rank, SnapshotDetails details) => new()
    {
        RunId = runId,
        InitiativeId = initiativeId,
        Reach = score.Rice.Reach.Value,
        Impact = score.Rice.Impact.Value,
        Confidence = score.Rice.Confidence.Value,
        Effort = score.Rice.Effort.Value,
        RiceScore = score.Rice.Value,
        BrandFit = score.Alignment.Score,
        PriorityScore = score.Value,
        Rank = rank,
        Details = details,
    };

    public double ValueOf(ScoreInput input) => input switch
    {
        ScoreInput.Reach => Reach,
        ScoreInput.Impact => Impact,
        ScoreInput.Confidence => Confidence,
        _ => Effort,
    };
}
