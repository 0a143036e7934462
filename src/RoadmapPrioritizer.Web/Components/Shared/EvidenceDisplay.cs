using System.Globalization;
using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Evidence;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>How the evidence page writes its numbers; like <see cref="Display"/>, rounding happens only here.</summary>
internal static class EvidenceDisplay
{
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A step's conversion, or a dash when the step before had none.</summary>
    public static string Rate(double? fraction) => fraction is { } f ? f.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    public static string Share(int count, int total) => total == 0 ? "–" : ((double)count / total).ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>NPS with its sign and at most one decimal ("+75", "-66.7", "0"); a dash with no answers.</summary>
    public static string Nps(double? value) => value switch
    {
        null => "–",
        var v when Math.Round(v.Value, 1) == 0 => "0",
        var v => v.Value.ToString("+0.#;-0.#", CultureInfo.InvariantCulture),
    };

    public static string Money(MoneyAmount amount) =>
        $"{amount.Value.ToString(RoadmapPrioritizer.Domain.Evidence.Money.MinorDigits(amount.Currency) == 0 ? "#,0" : "#,0.00", CultureInfo.InvariantCulture)} {amount.Currency}";

    public static string Revenue(IReadOnlyList<MoneyAmount> amounts) => amounts.Count == 0 ? "–" : string.Join(" + ", amounts.Select(Money));

    public static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Week(NpsWeek week) => string.Create(CultureInfo.InvariantCulture, $"{week.Year}-W{week.Week:00} (from {week.WeekStart:d MMM})");

    /// <summary>"ExitIntent" -> "Exit intent"; the acronyms (NPS, CSAT, CES) stay as they are.</summary>
    public static string Label(SurveyType type) => type switch
    {
        SurveyType.NPS or SurveyType.CSAT or SurveyType.CES => type.ToString(),
        _ => string.Concat(type.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString())),
    };
}

/// <summary>
/// Chart.js configurations for the evidence page, as JSON for a canvas's data-chart attribute
/// (wwwroot/js/charts.js draws them; the page's CSP allows no inline script). Each chart's numbers
/// are also in the table that follows it.
/// </summary>
internal static class EvidenceCharts
{
    private const string Accent = "#2f6f6a";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Reasons(SurveyTypeReasons type) => Serialize(new
    {
        type = "bar",
        data = new
        {
            labels = type.Reasons.Select(r => r.Reason),
            datasets = new[] { new { label = "Responses", data = type.Reasons.Select(r => (double)r.Count), backgroundColor = Accent } },
        },
        options = new
        {
            indexAxis = "y",
            maintainAspectRatio = false,
            plugins = new { legend = new { display = false } },
            scales = new { x = new { beginAtZero = true, ticks = new { precision = 0 } } },
        },
    });

    public static string Nps(IReadOnlyList<NpsWeek> weeks) => Serialize(new
    {
        type = "line",
        data = new
        {
            labels = weeks.Select(EvidenceDisplay.Week),
            datasets = new[]
            {
                new { label = "NPS", data = weeks.Select(w => w.Score.Value is { } v ? Math.Round(v, 1) : (double?)null), borderColor = Accent, backgroundColor = Accent },
            },
        },
        options = new
        {
            maintainAspectRatio = false,
            plugins = new { legend = new { display = false } },
            scales = new { y = new { min = -100, max = 100 } },
        },
    });

    public static string FunnelSteps(FunnelRow total) => Serialize(new
    {
        type = "bar",
        data = new
        {
            labels = total.Steps.Select(s => s.Step),
            datasets = new[] { new { label = "Count in the period", data = total.Steps.Select(s => (double)s.Count), backgroundColor = Accent } },
        },
        options = new
        {
            maintainAspectRatio = false,
            plugins = new { legend = new { display = false } },
            scales = new { y = new { beginAtZero = true, ticks = new { precision = 0 } } },
        },
    });

    public static string FunnelDays(FunnelReport funnel) => Serialize(new
    {
        type = "line",
        data = new
        {
            labels = funnel.Days.Select(d => EvidenceDisplay.Iso(d.Date!.Value)),
            datasets = funnel.Total.Steps.Select((step, i) => new
            {
                label = step.Step,
                data = funnel.Days.Select(d => (double)d.Steps[i].Count),
            }),
        },
        options = new
        {
            maintainAspectRatio = false,
            interaction = new { mode = "index", intersect = false },
            scales = new { y = new { beginAtZero = true, ticks = new { precision = 0 } } },
        },
    });

    private static string Serialize(object config) => JsonSerializer.Serialize(config, Json);
}
