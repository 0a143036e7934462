using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Incidents;

/// <summary>
/// A shop with two falls, stored once per app and evaluated day by day from 20 October to 30 November
/// 2026 as the nightly job would. Every day: 4,000 sessions, 4,000 product views, 2,000 carts (50%),
/// 1,000 checkouts started (50%), 50 completed (5%); except carts 1,200 (30%) on 20-26 October, with
/// checkouts 600 and completions 30 those days so that only add to cart moves (a ratio pushed up in a
/// baseline would make the following weeks look like falls), and 35 completed (3.5%) on 24-30 November.
/// <list type="bullet">
/// <item>Add to cart: opens on 23 Oct (four low days in the week: 10,800 of 28,000 = 38.6% vs 50%, −22.9%);
/// its last low day is 28 Oct (10,000 of 28,000 vs 54,400 of 112,000 over the 28 days before, −26.5%);
/// on 29 Oct it is −6.9% w/w and −19.4% against the 28 days: closed.</item>
/// <item>Checkout completed: opens on 28 Nov (275 of 7,000 vs 350, −21.4%) and is still open on 30 Nov:
/// 245 of 7,000 = 3.5% vs 350 of 7,000 = 5% the week before (and the 28 days before): −30%.</item>
/// </list>
/// "Express checkout" (an idea) targets checkout completed and "Cart reminders" (planned) add to cart.
/// </summary>
internal static class IncidentSeed
{
    public const string Source = "incident-shop";
    public static readonly DateOnly AsOf = new(2026, 11, 30);

    public static async Task<(int Express, int CartReminders)> EnsureAsync(AppFixture app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
            if (await db.EvidenceSources.AnyAsync(s => s.Name == Source))
            {
                var links = await db.EvidenceLinks.ToDictionaryAsync(l => l.FunnelStep!.Value, l => l.InitiativeId);
                return (links[FunnelStep.CheckoutCompleted], links[FunnelStep.AddToCart]);
            }
        }

        static bool CartDip(DateOnly d) => d >= new DateOnly(2026, 10, 20) && d <= new DateOnly(2026, 10, 26);
        var themeId = await app.Client.CreateThemeAsync();
        var express = await CreateInitiativeAsync(app, themeId, "Express checkout", "Idea");
        var cartReminders = await CreateInitiativeAsync(app, themeId, "Cart reminders", "Planned");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
            var source = EvidenceSource.Create(SourceKind.Csv, Source, null, "{}", null, DateTime.UtcNow);
            db.EvidenceSources.Add(source);
            db.EvidenceLinks.Add(EvidenceLink.Create(express, new([], [], [], FunnelStep.CheckoutCompleted), DateTime.UtcNow));
            db.EvidenceLinks.Add(EvidenceLink.Create(cartReminders, new([], [], [], FunnelStep.AddToCart), DateTime.UtcNow));
            await db.SaveChangesAsync();

            var days = Enumerable.Range(0, 72).Select(n => new DateOnly(2026, 9, 20).AddDays(n)).Select(d => new FunnelDay
            {
                Date = d,
                Sessions = 4_000,
                ProductViews = 4_000,
                AddToCart = CartDip(d) ? 1_200 : 2_000,
                CheckoutStarted = CartDip(d) ? 600 : 1_000,
                CheckoutCompleted = d >= new DateOnly(2026, 11, 24) ? 35 : CartDip(d) ? 30 : 50,
                RevenueMinor = 100_000,
                Currency = "GBP",
            }).ToList();
            await new EvidenceStore(db).SaveAsync(source.Id, days, CancellationToken.None);
        }

        for (var day = new DateOnly(2026, 10, 20); day <= AsOf; day = day.AddDays(1))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IncidentService>().EvaluateAsync(day, CancellationToken.None);
        }

        return (express, cartReminders);
    }

    private static async Task<int> CreateInitiativeAsync(AppFixture app, int themeId, string title, string status)
    {
        var response = await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, title).Replace("\"horizon\"", $"\"status\": \"{status}\", \"horizon\"", StringComparison.Ordinal));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }
}
