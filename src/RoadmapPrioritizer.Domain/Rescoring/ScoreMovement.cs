using System.Globalization;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>"Why did this move": what changed for one initiative between two rescore runs, in sentences.</summary>
public static class ScoreMovement
{
    /// <summary>Positive: moved up that many places since <paramref name="previous"/>; null when either run did not rank it.</summary>
    public static int? RankChange(int? previous, int? current) => previous is { } p && current is { } c ? p - c : null;

    public static IReadOnlyList<string> Explain(ScoreSnapshot? previous, ScoreSnapshot current)
    {
        if (previous is null)
        {
            return ["First rescore of this initiative: nothing to compare with yet."];
        }

        var lines = new List<string> { RankLine(previous.Rank, current.Rank) };
        foreach (var input in Enum.GetValues<ScoreInput>())
        {
            var before = previous.Details.For(input);
            var after = current.Details.For(input);
            var was = previous.ValueOf(input);
            var now = current.ValueOf(input);
            if (!was.Equals(now))
            {
                lines.Add($"{input} {Format(input, was)} → {Format(input, now)} ({after.Origin.ToString().ToLowerInvariant()}): {after.Explanation}");
            }
            else if (before.Origin != after.Origin)
            {
                lines.Add($"{input} stays {Format(input, now)} but is now {after.Origin.ToString().ToLowerInvariant()}: {after.Explanation}");
            }
        }

        lines.AddRange(EvidenceLines(previous.Details.Evidence, current.Details.Evidence));
        if (lines.Count == 1)
        {
            lines.Add("Its inputs and evidence did not change; any move in rank comes from other initiatives moving around it.");
        }

        return lines;
    }

    private static string RankLine(int? before, int? after) => (before, after) switch
    {
        (null, null) => "Not ranked in either run (not work still to do).",
        (null, { } a) => $"Ranked #{a}; the run before did not rank it.",
        ({ } b, null) => $"Was #{b}; no longer ranked.",
        ({ } b, { } a) when a < b => $"Up {b - a} from #{b} to #{a}.",
        ({ } b, { } a) when a > b => $"Down {a - b} from #{b} to #{a}.",
        ({ } b, _) => $"Stays #{b}.",
    };

    private static IEnumerable<string> EvidenceLines(SnapshotEvidence before, SnapshotEvidence after)
    {
        if (before.Responses != after.Responses || before.Matched != after.Matched)
        {
            yield return $"Survey evidence: {before.Matched:N0} of {before.Responses:N0} responses matching → {after.Matched:N0} of {after.Responses:N0}.";
        }

        if (before.Requests != after.Requests)
        {
            yield return $"Feature requests: {before.Requests:N0} ({before.WeightedRequests:0.#} weighted) → {after.Requests:N0} ({after.WeightedRequests:0.#} weighted).";
        }

        if (before.StepPrevious != after.StepPrevious || before.StepReached != after.StepReached || before.FunnelDays != after.FunnelDays)
        {
            yield return $"Funnel: {before.StepReached ?? 0:N0} of {before.StepPrevious ?? 0:N0} reached the step over {before.FunnelDays} days → {after.StepReached ?? 0:N0} of {after.StepPrevious ?? 0:N0} over {after.FunnelDays} days.";
        }

        if (before.Orders != after.Orders)
        {
            yield return $"Orders in the window: {before.Orders:N0} → {after.Orders:N0}.";
        }
    }

    public static string Format(ScoreInput input, double value) => input switch
    {
        ScoreInput.Reach => value.ToString("#,0.##", CultureInfo.CurrentCulture),
        ScoreInput.Confidence => value.ToString("0.##%", CultureInfo.CurrentCulture),
        _ => value.ToString("0.##", CultureInfo.CurrentCulture),
    };
}
