using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Evidence;

/// <summary>
/// The whole shop's funnel per day: segment "" only (segments and devices are slices of the same
/// people, so adding them would count them twice), summed over sources in SQL, one row per day with data.
/// The rescore and the incident check read it the same way the evidence explorer shows it.
/// </summary>
internal static class WholeShopFunnel
{
    /// <param name="until">The day after the last one read.</param>
    public static async Task<List<FunnelDay>> DaysAsync(RoadmapDbContext db, DateOnly from, DateOnly until, CancellationToken ct)
    {
        var rows = await db.FunnelDays.AsNoTracking()
            .Where(d => d.Segment == string.Empty && d.Date >= from && d.Date < until)
            .GroupBy(d => d.Date)
            .Select(g => new
            {
                Date = g.Key,
                Sessions = g.Sum(d => d.Sessions),
                ProductViews = g.Sum(d => d.ProductViews),
                AddToCart = g.Sum(d => d.AddToCart),
                CheckoutStarted = g.Sum(d => d.CheckoutStarted),
                CheckoutCompleted = g.Sum(d => d.CheckoutCompleted),
            })
            .ToListAsync(ct);
        return rows.Select(r => new FunnelDay
        {
            Date = r.Date,
            Sessions = r.Sessions,
            ProductViews = r.ProductViews,
            AddToCart = r.AddToCart,
            CheckoutStarted = r.CheckoutStarted,
            CheckoutCompleted = r.CheckoutCompleted,
        }).ToList();
    }
}
