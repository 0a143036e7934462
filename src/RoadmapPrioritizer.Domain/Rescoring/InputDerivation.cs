using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>A value the evidence suggests for one input, and the arithmetic behind it in words.</summary>
public sealed record DerivedInput(double Value, string Explanation);

/// <summary>What the evidence says about an initiative's inputs; a null input is one the evidence cannot derive.</summary>
public sealed record Derivation(
    DerivedInput? Reach,
    DerivedInput? Impact,
    DerivedInput? Confidence,
    IReadOnlyList<string> EvidenceKinds,
    IReadOnlyList<string> Flags)
{
    public const string SmallSampleFlag = "Small sample";
    public const string StaleFlag = "Stale evidence";
    public const string NoEvidenceFlag = "No evidence in the window";

    public static Derivation Nothing { get; } = new(null, null, null, [], []);

    public DerivedInput? For(ScoreInput input) => input switch
    {
        ScoreInput.Reach => Reach,
        ScoreInput.Impact => Impact,
        ScoreInput.Confidence => Confidence,
        _ => null,
    };
}

/// <summary>
/// Derives RICE inputs from evidence, as pure arithmetic a person can redo from the explanation:
/// <list type="bullet">
/// <item>Reach: people at the step before the linked funnel step over the window's days with data, scaled to a quarter (365.25 ÷ 4 days) and rounded to whole people.</item>
/// <item>Impact: the share s of responses citing the linked reasons times the step's drop-off d (or s alone with no step linked)
/// is the part of the people at that step lost to the problem; ≥ 20% is massive (3), ≥ 10% high (2), ≥ 5% medium (1),
/// ≥ 2% low (0.5), less minimal (0.25). Feature requests weighted by the asker's NPS group lift it one tier once they reach
/// the configured number per quarter.</item>
/// <item>Confidence: from the width of the share's 95% Wilson interval (≤ 10 points high 100%, ≤ 20 medium 80%, ≤ 35 low 50%,
/// wider 30%); one kind of evidence caps it at 80%; evidence older than the stale age costs one level; funnel data alone is 50%.</item>
/// </list>
/// Effort is the team's estimate and is never derived.
/// </summary>
public static class InputDerivation
{
    public const double MassiveShare = 0.20;
    public const double HighShare = 0.10;
    public const double MediumShare = 0.05;
    public const double LowShare = 0.02;

    /// <summary>Confidence levels from surest to least sure: Intercom's 100/80/50% and a moonshot 30%.</summary>
    public static IReadOnlyList<double> ConfidenceLevels { get; } = [1.0, 0.8, 0.5, 0.3];

    private static readonly (double MaxWidth, int Level)[] WidthLevels = [(0.10, 0), (0.20, 1), (0.35, 2)];

    /// <param name="asOf">The day the rescore runs; evidence from the day before is one day old.</param>
    public static Derivation Derive(EvidenceLink link, InitiativeEvidence evidence, RescoreRules rules, DateOnly asOf)
    {
        if (link.IsEmpty)
        {
            return Derivation.Nothing;
        }

        var kinds = Kinds(link, evidence);
        var hasSurvey = link.LinksResponses && evidence.Responses > 0;
        if (!hasSurvey && evidence.Funnel is null)
        {
            return new Derivation(null, null, null, kinds, [Derivation.NoEvidenceFlag]);
        }

        var flags = new List<string>();
        var reach = DeriveReach(link, evidence.Funnel);
        var impact = hasSurvey ? DeriveImpact(link, evidence, rules) : null;
        var confidence = DeriveConfidence(evidence, hasSurvey, kinds, rules, asOf, flags);
        return new Derivation(reach, impact, confidence, kinds, flags);
    }

    private static DerivedInput? DeriveReach(EvidenceLink link, FunnelEvidence? funnel)
    {
        if (link.FunnelStep is not { } step || funnel is null)
        {
            return null;
        }

        // People and visits come whole: the quarter's figure is rounded to the nearest one, after the arithmetic shown.
        var exact = funnel.Previous / (double)funnel.DaysWithData * RescoreRules.QuarterDays;
        var perQuarter = Math.Min(Math.Round(exact, MidpointRounding.AwayFromZero), Scoring.Reach.Maximum);
        var rounded = perQuarter.Equals(exact) ? string.Empty : $" ≈ {perQuarter:N0}";
        return new DerivedInput(
            perQuarter,
            $"{funnel.Previous:N0} {step.PreviousLabel().ToLowerInvariant()} over {funnel.DaysWithData} day{(funnel.DaysWithData == 1 ? string.Empty : "s")} with data ÷ {funnel.DaysWithData} × {RescoreRules.QuarterDays:0.####} days a quarter = {exact:#,0.##}{rounded} per quarter reach the step before {step.Label().ToLowerInvariant()}");
    }

    private static DerivedInput DeriveImpact(EvidenceLink link, InitiativeEvidence evidence, RescoreRules rules)
    {
        var share = evidence.Share!.Value;
        var shareText = $"{evidence.Matched:N0} of {evidence.Responses:N0} responses ({share:0.#%}) cite it";
        string lostText;
        double lost;
        if (link.FunnelStep is { } step && evidence.Funnel?.DropOff is { } dropOff)
        {
            lost = share * dropOff;
            lostText = $"{dropOff:0.#%} of {step.PreviousLabel().ToLowerInvariant()} do not reach {step.Label().ToLowerInvariant()}; {share:0.#%} × {dropOff:0.#%} = {lost:0.##%} of them lost to it";
        }
        else
        {
            lost = share;
            lostText = "no funnel step linked, so the share stands alone";
        }

        var tier = Tier(lost);
        var text = $"{shareText}; {lostText} → {Describe(tier)}";
        var requestsPerQuarter = evidence.Requests.Weighted / rules.WindowDays * RescoreRules.QuarterDays;
        if (evidence.Requests.Count > 0)
        {
            var r = evidence.Requests;
            var weighted = $"{r.Count:N0} feature requests ({r.Detractors} detractors × 2 + {r.Passives} passives × 1 + {r.Promoters} promoters × 0.5 + {r.Unknown} unknown × 1 = {r.Weighted:0.#} weighted, {requestsPerQuarter:0.#} a quarter)";
            if (requestsPerQuarter >= rules.RequestBoostPerQuarter && tier < Scoring.Impact.Massive.Value)
            {
                tier = Scoring.Impact.Scale[IndexOf(tier) - 1].Value;
                text += $"; {weighted} reach {rules.RequestBoostPerQuarter:0.#} a quarter: one tier up → {Describe(tier)}";
            }
            else
            {
                text += $"; {weighted}, below the {rules.RequestBoostPerQuarter:0.#} a quarter that lifts a tier";
            }
        }

        return new DerivedInput(tier, text);
    }

    private static DerivedInput DeriveConfidence(
        InitiativeEvidence evidence, bool hasSurvey, IReadOnlyList<string> kinds, RescoreRules rules, DateOnly asOf, List<string> flags)
    {
        int level;
        string basis;
        if (hasSurvey)
        {
            var interval = WilsonInterval.Calculate(evidence.Matched, evidence.Responses);
            level = WidthLevels.FirstOrDefault(w => interval.Width <= w.MaxWidth, (0, ConfidenceLevels.Count - 1)).Level;
            basis = $"{evidence.Responses:N0} responses, 95% interval of the share {interval.Lower:0.#%}-{interval.Upper:0.#%} ({interval.Width * 100:0.#} points wide)";
            if (evidence.Responses < RescoreRules.SmallSample)
            {
                flags.Add(Derivation.SmallSampleFlag);
                basis += $", a small sample (under {RescoreRules.SmallSample})";
            }
        }
        else
        {
            level = 2;
            basis = "funnel data only: reach is measured, impact has no customer evidence";
        }

        var kindText = kinds.Count == 1 ? $"one kind of evidence ({kinds[0]})" : $"{kinds.Count} kinds of evidence ({string.Join(", ", kinds)})";
        if (kinds.Count < 2 && level == 0)
        {
            level = 1;
            kindText += ", which caps it at 80%";
        }

        var newest = Newest(evidence);
        var text = $"{basis}; {kindText}";
        if (newest is { } day && asOf.DayNumber - day.DayNumber > rules.StaleAfterDays)
        {
            level = Math.Min(level + 1, ConfidenceLevels.Count - 1);
            flags.Add(Derivation.StaleFlag);
            text += $"; newest evidence {day:yyyy-MM-dd} is over {rules.StaleAfterDays} days old, one level down";
        }

        var value = ConfidenceLevels[level];
        return new DerivedInput(value, $"{text}: {Scoring.Confidence.Create(value)}");
    }

    /// <summary>The independent kinds of evidence behind the link: survey, requests, funnel, orders.</summary>
    public static IReadOnlyList<string> Kinds(EvidenceLink link, InitiativeEvidence evidence)
    {
        var kinds = new List<string>();
        if (evidence.Matched > 0)
        {
            kinds.Add("survey");
        }

        // When a link reads feature requests only, its survey evidence and its requests are the same responses.
        var requestsOnly = link.SurveyTypes.Count == 1 && link.SurveyTypes[0] == SurveyType.FeatureRequest;
        if (evidence.Requests.Count > 0 && !(requestsOnly && kinds.Count > 0))
        {
            kinds.Add("requests");
        }

        if (evidence.Funnel is not null)
        {
            kinds.Add("funnel");
        }

        if (link.FunnelStep == FunnelStep.CheckoutCompleted && evidence.Orders > 0)
        {
            kinds.Add("orders");
        }

        return kinds;
    }

    private static DateOnly? Newest(InitiativeEvidence evidence)
    {
        DateOnly? match = evidence.NewestMatch is { } at ? DateOnly.FromDateTime(at) : null;
        DateOnly? funnel = evidence.Funnel?.NewestDay;
        return match is null ? funnel : funnel is null ? match : (match > funnel ? match : funnel);
    }

    public static double Tier(double lostShare) => lostShare switch
    {
        >= MassiveShare => Scoring.Impact.Massive.Value,
        >= HighShare => Scoring.Impact.High.Value,
        >= MediumShare => Scoring.Impact.Medium.Value,
        >= LowShare => Scoring.Impact.Low.Value,
        _ => Scoring.Impact.Minimal.Value,
    };

    private static int IndexOf(double tier)
    {
        for (var i = 0; i < Scoring.Impact.Scale.Count; i++)
        {
            if (Scoring.Impact.Scale[i].Value.Equals(tier))
            {
                return i;
            }
        }

        return Scoring.Impact.Scale.Count - 1;
    }

    private static string Describe(double tier) => Scoring.Impact.Create(tier).ToString();
}
