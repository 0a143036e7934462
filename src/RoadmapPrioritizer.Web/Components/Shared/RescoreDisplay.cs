using System.Globalization;
using System.Text.Json;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Rescoring;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>How rescoring is written on the pages: input origins, rank movements, run history.</summary>
internal static class RescoreDisplay
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON field name of an input ("reach"), as the services key their errors.</summary>
    public static string Field(ScoreInput input) => char.ToLowerInvariant(input.ToString()[0]) + input.ToString()[1..];

    public static string OriginBadge(InputOrigin origin) => origin switch
    {
        InputOrigin.Derived => "text-bg-info",
        InputOrigin.Locked => "text-bg-warning",
        _ => "text-bg-light border",
    };

    public static string Value(ScoreInput input, double value) => input switch
    {
        ScoreInput.Confidence => Display.Percent(value),
        _ => Display.Number(value),
    };

    public static string Rank(int? rank) => rank is { } r ? $"#{r.ToString(CultureInfo.InvariantCulture)}" : "not ranked";

    /// <summary>"▲2", "▼1", "–" (same place) or "new" (not ranked at the rescore before the last); empty when not ranked now.</summary>
    public static string Arrow(RankMovement movement) => movement switch
    {
        { Current: null } => string.Empty,
        { Previous: null } => "new",
        { Change: > 0 and var up } => $"▲{up}",
        { Change: < 0 and var down } => $"▼{-down}",
        _ => "–",
    };

    public static string ArrowClass(RankMovement movement) => movement.Change switch
    {
        > 0 => "text-success",
        < 0 => "text-danger",
        _ => "text-muted",
    };

    public static string ArrowTitle(RankMovement movement) => movement.Previous is { } was
        ? $"was #{was.ToString(CultureInfo.InvariantCulture)} at the rescore before the last"
        : "not ranked at the rescore before the last";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static TimeSpan? Duration(RescoreRun run) => run.FinishedAt is { } done ? done - run.StartedAt : null;

    /// <summary>Rank (reversed: #1 at the top) and priority score over the runs; the table after it has the same numbers.</summary>
    public static string HistoryChart(IReadOnlyList<ScoreHistoryPoint> history) => JsonSerializer.Serialize(
        new
        {
            type = "line",
            data = new
            {
                labels = history.Select(p => $"Run {p.Run.Id.ToString(CultureInfo.InvariantCulture)} · {p.Run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"),
                datasets = new object[]
                {
                    new { label = "Rank", data = history.Select(p => (double?)p.Snapshot.Rank), borderColor = "#2f6f6a", backgroundColor = "#2f6f6a", yAxisID = "rank", spanGaps = false },
                    new { label = "Priority score", data = history.Select(p => (double?)Math.Round(p.Snapshot.PriorityScore, 1)), borderColor = "#b5651d", backgroundColor = "#b5651d", yAxisID = "priority", spanGaps = false },
                },
            },
            options = new
            {
                maintainAspectRatio = false,
                scales = new
                {
                    rank = new { type = "linear", position = "left", reverse = true, ticks = new { precision = 0 }, title = new { display = true, text = "Rank" } },
                    priority = new { type = "linear", position = "right", beginAtZero = true, grid = new { drawOnChartArea = false }, title = new { display = true, text = "Priority" } },
                },
            },
        },
        Json);
}
