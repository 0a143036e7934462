using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Evidence;

/// <summary>
/// Reads the evidence for people deciding what to build: why shoppers answered surveys as they did,
/// NPS week by week and the shop's funnel. Counting and summing happen in SQL (the tables can hold
/// millions of rows); only the grouped rows come back. Times compare as UTC DateTime and days as
/// DateOnly, which both SQLite and PostgreSQL can order.
/// </summary>
public sealed class EvidenceExplorer(RoadmapDbContext db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Reasons shown per survey type on the page; the rest are summed into one line.</summary>
    public const int TopReasons = 15;

    /// <summary>The evidence page's view: the reasons, NPS trend and funnel for one filter.</summary>
    public async Task<EvidenceOverview> OverviewAsync(EvidenceFilter filter, CancellationToken ct)
    {
        var sources = await db.EvidenceSources.AsNoTracking().OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
        var reasons = await ReasonsAsync(filter, ct);
        var nps = await NpsTrendAsync(filter, ct);
        var funnel = await FunnelAsync(filter, ct);
        var orders = await Orders(filter).CountAsync(ct);
        return new EvidenceOverview(filter, sources, reasons with { Types = reasons.Types.Select(t => t.Top(TopReasons)).ToList() }, nps, funnel, orders);
    }

    /// <summary>How many responses gave each reason, per survey type, most frequent first.</summary>
    public async Task<ReasonBreakdown> ReasonsAsync(EvidenceFilter filter, CancellationToken ct)
    {
        // All types are grouped in SQL so the total needs no second query; the type filter applies after.
        var groups = await Responses(filter)
            .GroupBy(r => new { r.SurveyType, r.Reason })
            .Select(g => new { g.Key.SurveyType, g.Key.Reason, Count = g.Count() })
            .ToListAsync(ct);

        var types = groups
            .Where(g => filter.SurveyType is null || g.SurveyType == filter.SurveyType)
            .GroupBy(g => g.SurveyType)
            .Select(type => new SurveyTypeReasons(
                type.Key,
                type.Sum(g => g.Count),
                type.GroupBy(g => string.IsNullOrWhiteSpace(g.Reason) ? ReasonBreakdown.NoReason : g.Reason.Trim(), StringComparer.Ordinal)
                    .Select(reason => new ReasonCount(reason.Key, reason.Sum(g => g.Count)))
                    .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
                    .ToList()))
            .OrderByDescending(t => t.Total).ThenBy(t => t.SurveyType)
            .ToList();
        return new ReasonBreakdown(groups.Sum(g => g.Count), types);
    }

    /// <summary>
    /// NPS per ISO week (weeks start on Monday, UTC), from the first week with answers to the last;
    /// weeks between with no answers are included with no score. A week cut by the period counts only
    /// the days inside it. Only NPS responses with a score count.
    /// </summary>
    public async Task<IReadOnlyList<NpsWeek>> NpsTrendAsync(EvidenceFilter filter, CancellationToken ct)
    {
        // Grouped by day in SQL (week arithmetic differs between the providers), folded into weeks here.
        var days = await Responses(filter)
            .Where(r => r.SurveyType == SurveyType.NPS && r.Score != null)
            .GroupBy(r => r.SubmittedAt.Date)
            .Select(g => new
            {
                Day = g.Key,
                Promoters = g.Count(r => r.Score >= NetPromoterScore.PromoterFrom),
                Passives = g.Count(r => r.Score >= NetPromoterScore.PassiveFrom && r.Score < NetPromoterScore.PromoterFrom),
                Detractors = g.Count(r => r.Score < NetPromoterScore.PassiveFrom),
            })
            .ToListAsync(ct);
        if (days.Count == 0)
        {
            return [];
        }

        var weeks = days
            .GroupBy(d => WeekStart(DateOnly.FromDateTime(d.Day)))
            .ToDictionary(w => w.Key, w => w.Aggregate(default(NetPromoterScore), (sum, d) => sum + new NetPromoterScore(d.Promoters, d.Passives, d.Detractors)));
        var trend = new List<NpsWeek>();
        for (var week = weeks.Keys.Min(); week <= weeks.Keys.Max(); week = week.AddDays(7))
        {
            trend.Add(new NpsWeek(week, weeks.GetValueOrDefault(week)));
        }

        return trend;
    }

    /// <summary>The whole shop's funnel (segment ""), summed over sources, per day with data and for the period.</summary>
    public async Task<FunnelReport> FunnelAsync(EvidenceFilter filter, CancellationToken ct)
    {
        var rows = await FunnelDays(filter)
            .GroupBy(d => new { d.Date, d.Currency })
            .Select(g => new
            {
                g.Key.Date,
                g.Key.Currency,
                Sessions = g.Sum(d => d.Sessions),
                ProductViews = g.Sum(d => d.ProductViews),
                AddToCart = g.Sum(d => d.AddToCart),
                CheckoutStarted = g.Sum(d => d.CheckoutStarted),
                CheckoutCompleted = g.Sum(d => d.CheckoutCompleted),
                Revenue = g.Sum(d => d.RevenueMinor),
            })
            .ToListAsync(ct);

        var days = rows
            .GroupBy(r => r.Date)
            .OrderBy(d => d.Key)
            .Select(day => new FunnelRow(
                day.Key,
                day.Sum(r => r.Sessions),
                day.Sum(r => r.ProductViews),
                day.Sum(r => r.AddToCart),
                day.Sum(r => r.CheckoutStarted),
                day.Sum(r => r.CheckoutCompleted),
                Revenue(day.Select(r => new MoneyAmount(r.Revenue, r.Currency)))))
            .ToList();
        var total = new FunnelRow(
            null,
            days.Sum(d => d.Sessions),
            days.Sum(d => d.ProductViews),
            days.Sum(d => d.AddToCart),
            days.Sum(d => d.CheckoutStarted),
            days.Sum(d => d.CheckoutCompleted),
            Revenue(rows.Select(r => new MoneyAmount(r.Revenue, r.Currency))));
        return new FunnelReport(days, total);
    }

    /// <summary>Survey responses in the period, newest first.</summary>
    public async Task<EvidencePageOf<SurveyResponseItem>> SurveyResponsesAsync(EvidenceFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var rows = Responses(filter);
        if (filter.SurveyType is { } type)
        {
            rows = rows.Where(r => r.SurveyType == type);
        }

        var (skip, take) = Window(page, pageSize);
        var total = await rows.CountAsync(ct);
        var items = skip >= total ? [] : await rows
            .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(take)
            .Join(db.EvidenceSources, r => r.SourceId, s => s.Id, (r, s) => new SurveyResponseItem(
                r.Id, s.Name, r.ExternalId, r.SurveyType, r.SubmittedAt, r.Question, r.Reason, r.Text, r.Score, r.OrderValueMinor, r.Currency, r.Page, r.Tags))
            .ToListAsync(ct);
        return new EvidencePageOf<SurveyResponseItem>(total, page, take, items);
    }

    /// <summary>Orders placed in the period, newest first.</summary>
    public async Task<EvidencePageOf<OrderItem>> OrdersAsync(EvidenceFilter filter, int page, int pageSize, CancellationToken ct)
    {
        var rows = Orders(filter);
        var (skip, take) = Window(page, pageSize);
        var total = await rows.CountAsync(ct);
        var items = skip >= total ? [] : await rows
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(skip).Take(take)
            .Join(db.EvidenceSources, o => o.SourceId, s => s.Id, (o, s) => new OrderItem(o.Id, s.Name, o.ExternalId, o.CreatedAt, o.TotalMinor, o.Currency, o.ItemCount))
            .ToListAsync(ct);
        return new EvidencePageOf<OrderItem>(total, page, take, items);
    }

    /// <summary>Monday of the ISO week <paramref name="day"/> is in.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private IQueryable<SurveyResponse> Responses(EvidenceFilter filter)
    {
        var (start, end) = (filter.Start, filter.End);
        var rows = db.SurveyResponses.AsNoTracking().Where(r => r.SubmittedAt >= start && r.SubmittedAt < end);
        return filter.Source is { } source ? rows.Where(r => db.EvidenceSources.Any(s => s.Id == r.SourceId && s.Name == source)) : rows;
    }

    private IQueryable<Order> Orders(EvidenceFilter filter)
    {
        var (start, end) = (filter.Start, filter.End);
        var rows = db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end);
        return filter.Source is { } source ? rows.Where(o => db.EvidenceSources.Any(s => s.Id == o.SourceId && s.Name == source)) : rows;
    }

    private IQueryable<FunnelDay> FunnelDays(EvidenceFilter filter)
    {
        var (from, to) = (filter.From, filter.To);
        var rows = db.FunnelDays.AsNoTracking().Where(d => d.Segment == string.Empty && d.Date >= from && d.Date <= to);
        return filter.Source is { } source ? rows.Where(d => db.EvidenceSources.Any(s => s.Id == d.SourceId && s.Name == source)) : rows;
    }

    /// <summary>Revenue per currency; a currency with none is left out unless no currency has any.</summary>
    private static List<MoneyAmount> Revenue(IEnumerable<MoneyAmount> amounts)
    {
        var perCurrency = amounts
            .GroupBy(a => a.Currency.ToUpperInvariant())
            .Select(g => new MoneyAmount(g.Sum(a => a.Minor), g.Key))
            .ToList();
        var earning = perCurrency.Where(a => a.Minor != 0).OrderBy(a => a.Currency, StringComparer.Ordinal).ToList();
        return earning.Count > 0 ? earning : perCurrency.OrderBy(a => a.Currency, StringComparer.Ordinal).Take(1).ToList();
    }

    /// <summary>Rows to skip and take for a 1-based page; a page past the end skips everything.</summary>
    private static (int Skip, int Take) Window(int page, int pageSize)
    {
        var take = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = (Math.Max(page, 1) - 1L) * take;
        return ((int)Math.Min(skip, int.MaxValue), take);
    }
}
