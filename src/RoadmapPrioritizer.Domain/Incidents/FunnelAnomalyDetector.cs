using System.Globalization;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Incidents;

public enum IncidentVerdict
{
    /// <summary>Judged, and not below either baseline by the threshold.</summary>
    Normal,

    /// <summary>Judged, and below at least one baseline by the threshold or more.</summary>
    Anomalous,

    /// <summary>Too little data to say (too few people, or days missing): no incident opens, updates or closes.</summary>
    NotJudged,
}

/// <summary>
/// What a step did over some days: <see cref="Reached"/> people reached it of <see cref="Previous"/>
/// at the step before, summed over the days; <see cref="DaysWithData"/> counts the days that had
/// anyone at the step before, the only days that can say anything about the step.
/// </summary>
public readonly record struct FunnelWindow(DateOnly From, DateOnly To, long Reached, long Previous, int DaysWithData)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Σ reached ÷ Σ at the step before over the window; null when nobody was at the step before.</summary>
    public double? Conversion => Previous == 0 ? null : (double)Reached / Previous;
}

/// <summary>
/// The observed week against one baseline. <see cref="Change"/> is (observed − baseline) ÷ baseline,
/// negative for a fall; null when the baseline is 0 (nothing to fall from) or was not compared.
/// </summary>
public sealed record BaselineCheck(IncidentRule Rule, FunnelWindow Window, int MinimumDays, double? Change, bool IsDrop)
{
    public bool HasEnoughDays => Window.DaysWithData >= MinimumDays;
}

/// <summary>One step judged on one day, with the numbers behind the verdict and the arithmetic in words.</summary>
public sealed record StepJudgement(
    FunnelStep Step,
    DateOnly AsOf,
    IncidentVerdict Verdict,
    FunnelWindow Observed,
    BaselineCheck WeekOverWeek,
    BaselineCheck Trailing,
    string Explanation)
{
    /// <summary>The baseline that raised the incident: the larger drop when both did (week over week on a tie); null unless anomalous.</summary>
    public BaselineCheck? Triggered => Verdict != IncidentVerdict.Anomalous ? null
        : !Trailing.IsDrop ? WeekOverWeek
        : !WeekOverWeek.IsDrop ? Trailing
        : Trailing.Change < WeekOverWeek.Change ? Trailing : WeekOverWeek;
}

/// <summary>
/// Finds falls in the funnel's step conversions. For each step, over the whole shop's daily funnel:
/// observed = Σ step ÷ Σ step before over the 7 days ending on the as-of day; it is anomalous when
/// observed ≤ (1 − threshold) × a baseline, either the 7 days before (week over week) or the 28 days
/// before the observed week (trailing). Pure: the caller loads the days and acts on the verdicts.
/// </summary>
public static class FunnelAnomalyDetector
{
    public const string Metric = "conversion";
    public const int WeekDays = 7;
    public const int TrailingDays = 28;

    /// <summary>
    /// A window needs data on most of its days: a source that missed days (an import that failed, a
    /// tracking tag that fell off) would otherwise look like a change in behaviour. 5 of 7 and 20 of 28
    /// tolerate a couple of lost days a week, the same share (~70%) in both windows.
    /// </summary>
    public const int MinimumWeekDays = 5;
    public const int MinimumTrailingDays = 20;

    /// <summary>How many days up to and including the as-of day the detector reads: the observed week and the 28 days before it.</summary>
    public const int LookbackDays = WeekDays + TrailingDays;

    /// <summary>
    /// Ratios are compared exactly as counts allow, but a fall of exactly the threshold (400 of 10,000
    /// after 500 of 10,000 is 20%) must count however the division rounds, so the comparison forgives
    /// this much.
    /// </summary>
    private const double Tolerance = 1e-12;

    /// <summary>The first day <see cref="Judge"/> reads for <paramref name="asOf"/>.</summary>
    public static DateOnly FirstDayNeeded(DateOnly asOf) => DaysBack(asOf, LookbackDays - 1);

    /// <summary>
    /// Judges every step on <paramref name="asOf"/>, the last complete day. <paramref name="days"/> is
    /// the whole shop's funnel; several rows of one date (one per source) are added together, and
    /// days outside the windows are ignored.
    /// </summary>
    public static IReadOnlyList<StepJudgement> Judge(IEnumerable<FunnelDay> days, DateOnly asOf, IncidentThresholds thresholds)
    {
        var byDate = days
            .GroupBy(d => d.Date)
            .ToDictionary(g => g.Key, g => g.ToList());
        return Enum.GetValues<FunnelStep>().Select(step => JudgeStep(byDate, step, asOf, thresholds)).ToList();
    }

    private static StepJudgement JudgeStep(Dictionary<DateOnly, List<FunnelDay>> days, FunnelStep step, DateOnly asOf, IncidentThresholds thresholds)
    {
        var observed = Window(days, step, DaysBack(asOf, WeekDays - 1), asOf);
        var weekBefore = Window(days, step, DaysBack(asOf, (2 * WeekDays) - 1), DaysBack(asOf, WeekDays));
        var trailing = Window(days, step, DaysBack(asOf, LookbackDays - 1), DaysBack(asOf, WeekDays));

        var problems = new List<string>();
        if (observed.Previous < thresholds.MinimumVolume)
        {
            problems.Add($"{step.PreviousLabel().ToLowerInvariant()} this week: {Count(observed.Previous)}, fewer than the {Count(thresholds.MinimumVolume)} needed");
        }

        AddMissingDays(problems, "this week", observed, MinimumWeekDays);
        AddMissingDays(problems, "the week before", weekBefore, MinimumWeekDays);
        AddMissingDays(problems, "the 28 days before", trailing, MinimumTrailingDays);
        if (problems.Count > 0)
        {
            return new StepJudgement(
                step, asOf, IncidentVerdict.NotJudged, observed,
                new BaselineCheck(IncidentRule.WeekOverWeek, weekBefore, MinimumWeekDays, null, false),
                new BaselineCheck(IncidentRule.TrailingBaseline, trailing, MinimumTrailingDays, null, false),
                $"{step.Label()}: not judged: {string.Join("; ", problems)}");
        }

        var weekCheck = Compare(IncidentRule.WeekOverWeek, observed, weekBefore, MinimumWeekDays, thresholds.DropThreshold);
        var trailingCheck = Compare(IncidentRule.TrailingBaseline, observed, trailing, MinimumTrailingDays, thresholds.DropThreshold);
        var verdict = weekCheck.IsDrop || trailingCheck.IsDrop ? IncidentVerdict.Anomalous : IncidentVerdict.Normal;
        var judgement = new StepJudgement(step, asOf, verdict, observed, weekCheck, trailingCheck, string.Empty);
        var explanation = judgement.Triggered is { } triggered
            ? $"{step.Label()}: {Rate(observed)} this week vs {Rate(triggered.Window)} {triggered.Rule.Phrase()} ({Change(triggered.Change)})"
            : $"{step.Label()}: {Rate(observed)} this week vs {Rate(weekBefore)} {IncidentRule.WeekOverWeek.Phrase()} ({Change(weekCheck.Change)}) and {Rate(trailing)} {IncidentRule.TrailingBaseline.Phrase()} ({Change(trailingCheck.Change)})";
        return judgement with { Explanation = explanation };
    }

    /// <summary>
    /// change = observed ÷ baseline − 1 = (reached × baseline previous) ÷ (previous × baseline reached) − 1,
    /// from the counts, so the ratio is rounded once; a drop when it is at most −threshold.
    /// </summary>
    private static BaselineCheck Compare(IncidentRule rule, FunnelWindow observed, FunnelWindow baseline, int minimumDays, double threshold)
    {
        if (baseline.Reached == 0)
        {
            return new BaselineCheck(rule, baseline, minimumDays, null, false);
        }

        var ratio = (double)observed.Reached * baseline.Previous / ((double)observed.Previous * baseline.Reached);
        return new BaselineCheck(rule, baseline, minimumDays, ratio - 1, ratio <= 1 - threshold + Tolerance);
    }

    private static FunnelWindow Window(Dictionary<DateOnly, List<FunnelDay>> days, FunnelStep step, DateOnly from, DateOnly to)
    {
        long reached = 0, previous = 0;
        var withData = 0;
        for (var n = from.DayNumber; n <= to.DayNumber; n++)
        {
            if (days.TryGetValue(DateOnly.FromDayNumber(n), out var rows))
            {
                var dayPrevious = rows.Sum(r => r.PreviousCount(step));
                reached += rows.Sum(r => r.Count(step));
                previous += dayPrevious;
                withData += dayPrevious > 0 ? 1 : 0;
            }
        }

        return new FunnelWindow(from, to, reached, previous, withData);
    }

    private static void AddMissingDays(List<string> problems, string window, FunnelWindow days, int minimum)
    {
        if (days.DaysWithData < minimum)
        {
            problems.Add($"{window} has data on {days.DaysWithData} of {days.Days} days ({minimum} needed)");
        }
    }

    private static DateOnly DaysBack(DateOnly day, int days) => day.DayNumber < days ? DateOnly.MinValue : day.AddDays(-days);

    /// <summary>"4.1% (205 of 5,000)": the rate rounded for reading, and the counts to redo it.</summary>
    private static string Rate(FunnelWindow window) =>
        $"{Percent(window.Conversion ?? 0)} ({Count(window.Reached)} of {Count(window.Previous)})";

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>"−26.8%" with a real minus sign, "+3.1%", or "no baseline" when the baseline was 0.</summary>
    public static string Change(double? change) => change switch
    {
        null => "no baseline",
        < 0 => "\u2212" + (-change.Value).ToString("0.0%", CultureInfo.InvariantCulture),
        _ => "+" + change.Value.ToString("0.0%", CultureInfo.InvariantCulture),
    };
}
