namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>What one initiative's link found in the rescore window; every derived input is computed from this alone.</summary>
/// <param name="Responses">Responses of the linked survey types that say something (a reason, words or tags): the share's denominator.</param>
/// <param name="Matched">Of those, the ones matching a linked reason or keyword.</param>
/// <param name="NewestMatch">When the newest matching response (of any type) was submitted.</param>
/// <param name="Requests">Matching feature requests, by the asker's NPS group.</param>
/// <param name="Funnel">The linked step's counts, when a step is linked and the window has funnel days.</param>
/// <param name="Orders">Orders placed in the window; they back up a link to completed checkouts.</param>
public sealed record InitiativeEvidence(
    int Responses,
    int Matched,
    DateTime? NewestMatch,
    FeatureRequests Requests,
    FunnelEvidence? Funnel,
    int Orders)
{
    public static InitiativeEvidence None { get; } = new(0, 0, null, FeatureRequests.None, null, 0);

    public double? Share => Responses > 0 ? (double)Matched / Responses : null;
}

/// <summary>
/// Matching feature requests by who asked, from the asker's latest NPS answer. A detractor asking
/// for something weighs 2, a passive or an unknown asker 1, a promoter 0.5: what unhappy customers
/// ask for is what keeps them, while promoters stay anyway.
/// </summary>
public sealed record FeatureRequests(int Detractors, int Passives, int Promoters, int Unknown)
{
    public const double DetractorWeight = 2;
    public const double PassiveWeight = 1;
    public const double PromoterWeight = 0.5;
    public const double UnknownWeight = 1;

    public static FeatureRequests None { get; } = new(0, 0, 0, 0);

    public int Count => Detractors + Passives + Promoters + Unknown;

    public double Weighted =>
        (DetractorWeight * Detractors) + (PassiveWeight * Passives) + (PromoterWeight * Promoters) + (UnknownWeight * Unknown);

    public FeatureRequests Add(NpsGroup group) => group switch
    {
        NpsGroup.Detractor => this with { Detractors = Detractors + 1 },
        NpsGroup.Passive => this with { Passives = Passives + 1 },
        NpsGroup.Promoter => this with { Promoters = Promoters + 1 },
        _ => this with { Unknown = Unknown + 1 },
    };
}

/// <summary>The linked step over the window: people at the step before, people who reached it, days with data.</summary>
public sealed record FunnelEvidence(long Previous, long Reached, int DaysWithData, DateOnly NewestDay)
{
    /// <summary>The share of people at the step before who did not reach it; null when nobody was there.</summary>
    public double? DropOff => Previous > 0 ? Math.Clamp(1 - ((double)Reached / Previous), 0, 1) : null;
}

/// <summary>The knobs of the rescore, from configuration (Rescoring:*).</summary>
/// <param name="WindowDays">How many days of evidence, up to yesterday, each rescore reads.</param>
/// <param name="StaleAfterDays">Evidence whose newest item is older than this loses a confidence level and is flagged.</param>
/// <param name="RequestBoostPerQuarter">Weighted feature requests per quarter at which impact goes up a tier.</param>
public sealed record RescoreRules(int WindowDays = 90, int StaleAfterDays = 30, double RequestBoostPerQuarter = 20)
{
    public static RescoreRules Default { get; } = new();

    /// <summary>A quarter is a year of 365.25 days over four.</summary>
    public const double QuarterDays = 365.25 / 4;

    /// <summary>Below this many responses a share is flagged as a small sample (the rule of thumb for a normal approximation).</summary>
    public const int SmallSample = 30;

    public static string? Validate(RescoreRules rules) =>
        rules.WindowDays is < 7 or > 730 ? "Rescoring:WindowDays must be 7-730."
        : rules.StaleAfterDays < 1 ? "Rescoring:StaleAfterDays must be at least 1."
        : !double.IsFinite(rules.RequestBoostPerQuarter) || rules.RequestBoostPerQuarter <= 0 ? "Rescoring:RequestBoostPerQuarter must be above 0."
        : null;
}
