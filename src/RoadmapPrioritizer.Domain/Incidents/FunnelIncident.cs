using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Incidents;

/// <summary>
/// A fall in one funnel step's conversion, open from the first day it was judged anomalous until the
/// first day it was judged normal again. At most one is open per step. Made by the system from the
/// evidence, never edited by people.
/// </summary>
public sealed class FunnelIncident
{
    public const int MetricMaxLength = 40;
    public const int ExplanationMaxLength = 2000;

    // For EF Core materialisation.
    private FunnelIncident()
    {
        Metric = FunnelAnomalyDetector.Metric;
        Explanation = string.Empty;
    }

    public int Id { get; private set; }

    public FunnelStep Step { get; private set; }

    /// <summary>What fell; "conversion" (Σ step ÷ Σ step before) is the only metric so far.</summary>
    public string Metric { get; private set; }

    public IncidentRule Rule { get; private set; }

    /// <summary>
    /// The conversion of the baseline that triggered, the observed week's, and (observed − baseline) ÷
    /// baseline, as of <see cref="LastCheckedOn"/>; a closed incident keeps the figures of its last
    /// anomalous day, and its explanation says how it recovered.
    /// </summary>
    public double Baseline { get; private set; }

    public double Observed { get; private set; }

    public double ChangePct { get; private set; }

    public DateOnly OpenedOn { get; private set; }

    public DateOnly? ClosedOn { get; private set; }

    /// <summary>The last day this incident was judged: the day its figures come from, or the day it closed.</summary>
    public DateOnly LastCheckedOn { get; private set; }

    public string Explanation { get; private set; }

    public bool IsOpen => ClosedOn is null;

    public static FunnelIncident Open(StepJudgement judgement)
    {
        var incident = new FunnelIncident { Step = judgement.Step, OpenedOn = judgement.AsOf };
        incident.Record(judgement);
        return incident;
    }

    /// <summary>Still anomalous on a later (or the same) day: take that day's figures. False when they are the ones already held.</summary>
    public bool Update(StepJudgement judgement)
    {
        EnsureOpenAndCurrent(judgement);
        var before = (Rule, Baseline, Observed, ChangePct, LastCheckedOn, Explanation);
        Record(judgement);
        return before != (Rule, Baseline, Observed, ChangePct, LastCheckedOn, Explanation);
    }

    /// <summary>Judged normal again: the incident closes on that day, with the recovering day's arithmetic added to its explanation.</summary>
    public void Close(StepJudgement judgement)
    {
        EnsureOpenAndCurrent(judgement);
        if (judgement.Verdict != IncidentVerdict.Normal)
        {
            throw new InvalidOperationException($"Only a step judged normal closes its incident; {judgement.Step} was {judgement.Verdict}.");
        }

        ClosedOn = judgement.AsOf;
        LastCheckedOn = judgement.AsOf;
        Explanation = Shorten($"{Explanation}. Recovered on {judgement.AsOf:yyyy-MM-dd}: {judgement.Explanation}");
    }

    private void Record(StepJudgement judgement)
    {
        if (judgement.Triggered is not { Change: { } change } triggered)
        {
            throw new InvalidOperationException($"Only an anomalous judgement opens or updates an incident; {judgement.Step} was {judgement.Verdict}.");
        }

        Metric = FunnelAnomalyDetector.Metric;
        Rule = triggered.Rule;
        Baseline = triggered.Window.Conversion!.Value;
        Observed = judgement.Observed.Conversion!.Value;
        ChangePct = change;
        LastCheckedOn = judgement.AsOf;
        Explanation = Shorten(judgement.Explanation);
    }

    private void EnsureOpenAndCurrent(StepJudgement judgement)
    {
        if (!IsOpen || judgement.Step != Step || judgement.AsOf < LastCheckedOn)
        {
            throw new InvalidOperationException(
                $"Incident {Id} ({Step}, last checked {LastCheckedOn:yyyy-MM-dd}, {(IsOpen ? "open" : "closed")}) cannot take a judgement of {judgement.Step} on {judgement.AsOf:yyyy-MM-dd}.");
        }
    }

    private static string Shorten(string text) => text.Length <= ExplanationMaxLength ? text : text[..(ExplanationMaxLength - 1)] + "…";
}
