using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Evidence;

/// <summary>An amount in whole minor units of its currency.</summary>
public readonly record struct MoneyAmount(long Minor, string Currency)
{
    public decimal Value => Money.FromMinor(Minor, Currency);
}

public sealed record ReasonCount(string Reason, int Count);

/// <param name="Total">Responses of this type in the period, with or without a reason.</param>
/// <param name="Reasons">Most frequent first; responses without a reason are counted under <see cref="ReasonBreakdown.NoReason"/>.</param>
public sealed record SurveyTypeReasons(SurveyType SurveyType, int Total, IReadOnlyList<ReasonCount> Reasons)
{
    /// <summary>The most frequent <paramref name="count"/> reasons, and the rest summed into one "other reasons" line.</summary>
    public SurveyTypeReasons Top(int count)
    {
        if (Reasons.Count <= count)
        {
            return this;
        }

        var rest = Reasons.Skip(count - 1).ToList();
        return this with { Reasons = [.. Reasons.Take(count - 1), new ReasonCount($"{rest.Count:N0} other reasons", rest.Sum(r => r.Count))] };
    }
}

/// <param name="Total">Survey responses of every type in the period (the survey-type filter does not apply to it).</param>
/// <param name="Types">Survey types with responses, most responses first; only the filtered type when there is one.</param>
public sealed record ReasonBreakdown(int Total, IReadOnlyList<SurveyTypeReasons> Types)
{
    public const string NoReason = "(no reason given)";
}

/// <summary>One ISO week (Monday to Sunday, UTC) of NPS answers; weeks with no answers have a null score.</summary>
public sealed record NpsWeek(DateOnly WeekStart, NetPromoterScore Score)
{
    public int Year => System.Globalization.ISOWeek.GetYear(WeekStart.ToDateTime(TimeOnly.MinValue));

    public int Week => System.Globalization.ISOWeek.GetWeekOfYear(WeekStart.ToDateTime(TimeOnly.MinValue));
}

/// <summary>
/// Funnel counts for the whole shop (segment "") summed over sources, for one day or a whole period,
/// and the conversion of each step from the one before; a rate is null when the step before is 0.
/// </summary>
/// <param name="Date">The day, or null for a period's total.</param>
/// <param name="Revenue">One amount per currency, by code: the currencies with revenue, or when all are 0 the alphabetically first reported.</param>
public sealed record FunnelRow(
    DateOnly? Date,
    long Sessions,
    long ProductViews,
    long AddToCart,
    long CheckoutStarted,
    long CheckoutCompleted,
    IReadOnlyList<MoneyAmount> Revenue)
{
    public double? ProductViewRate => Rate(ProductViews, Sessions);

    public double? AddToCartRate => Rate(AddToCart, ProductViews);

    public double? CheckoutStartRate => Rate(CheckoutStarted, AddToCart);

    public double? CheckoutCompletionRate => Rate(CheckoutCompleted, CheckoutStarted);

    /// <summary>Purchases per session, the shop's conversion rate.</summary>
    public double? ConversionRate => Rate(CheckoutCompleted, Sessions);

    /// <summary>The revenue when it is in one currency (the usual case), else null.</summary>
    public MoneyAmount? SingleRevenue => Revenue.Count == 1 ? Revenue[0] : null;

    public IReadOnlyList<(string Step, long Count, double? Rate)> Steps =>
    [
        ("Sessions", Sessions, null),
        ("Product views", ProductViews, ProductViewRate),
        ("Add to cart", AddToCart, AddToCartRate),
        ("Checkout started", CheckoutStarted, CheckoutStartRate),
        ("Checkout completed", CheckoutCompleted, CheckoutCompletionRate),
    ];

    private static double? Rate(long count, long before) => before == 0 ? null : (double)count / before;
}

public sealed record FunnelReport(IReadOnlyList<FunnelRow> Days, FunnelRow Total);

public sealed record EvidencePageOf<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

public sealed record SurveyResponseItem(
    long Id,
    string Source,
    string ExternalId,
    SurveyType SurveyType,
    DateTime SubmittedAt,
    string? Question,
    string? Reason,
    string? Text,
    double? Score,
    long? OrderValueMinor,
    string? Currency,
    string? Page,
    string? Tags);

public sealed record OrderItem(long Id, string Source, string OrderId, DateTime CreatedAt, long TotalMinor, string Currency, int ItemCount);

/// <summary>Everything the evidence page shows for one filter.</summary>
/// <param name="Sources">Names of every evidence source, for the source filter.</param>
/// <param name="Orders">Orders placed in the period.</param>
public sealed record EvidenceOverview(
    EvidenceFilter Filter,
    IReadOnlyList<string> Sources,
    ReasonBreakdown Reasons,
    IReadOnlyList<NpsWeek> Nps,
    FunnelReport Funnel,
    int Orders)
{
    public NetPromoterScore NpsTotal => Nps.Aggregate(default(NetPromoterScore), (sum, week) => sum + week.Score);

    public bool IsEmpty => Reasons.Total == 0 && Funnel.Days.Count == 0 && Orders == 0;
}
