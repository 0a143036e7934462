using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Tests.Ingestion;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Evidence;

/// <summary>
/// A small hand-made shop, stored through the real evidence store, and the explorer's numbers checked
/// against arithmetic done by hand. The period is Monday 2 to Sunday 15 November 2026 (ISO weeks 45
/// and 46); records sit on its first and last instants and just outside it.
/// </summary>
public sealed class EvidenceExplorerTests
{
    private static readonly DateOnly Nov2 = new(2026, 11, 2);
    private static readonly DateOnly Nov15 = new(2026, 11, 15);
    private static readonly EvidenceFilter TwoWeeks = new() { From = Nov2, To = Nov15 };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reasons_CountsEachReasonPerSurveyType_EdgesIncluded(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        var breakdown = await new EvidenceExplorer(harness.Db()).ReasonsAsync(TwoWeeks, CancellationToken.None);

        // In the period: exit-intent e1 e2 e3 e4 e5 e8 = 6 (e6 and e7 fall a moment outside),
        // post-purchase p1 p2 p3 = 3, NPS n1..n10 = 10 (n11 and n12 outside): 6 + 3 + 10 = 19.
        breakdown.Total.Should().Be(19);
        breakdown.Types.Select(t => (t.SurveyType, t.Total)).Should().Equal((SurveyType.NPS, 10), (SurveyType.ExitIntent, 6), (SurveyType.PostPurchase, 3));
        // Shipping: e1 (first instant), e2, e8 (the other source) = 3; no reason: e4 (null, last instant) + e5 (blank) = 2; browsing: e3 = 1.
        Reasons(breakdown, SurveyType.ExitIntent).Should().Equal(("Shipping cost too high", 3), (ReasonBreakdown.NoReason, 2), ("Just browsing", 1));
        // "Instagram " with a trailing space is the same answer as "Instagram".
        Reasons(breakdown, SurveyType.PostPurchase).Should().Equal(("Instagram", 2), ("A friend", 1));
        Reasons(breakdown, SurveyType.NPS).Should().Equal((ReasonBreakdown.NoReason, 10));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reasons_BySourceAndSurveyType_KeepOnlyThose(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var explorer = new EvidenceExplorer(harness.Db());

        var zigpoll = await explorer.ReasonsAsync(TwoWeeks with { Source = "zigpoll" }, CancellationToken.None);
        var postPurchase = await explorer.ReasonsAsync(TwoWeeks with { SurveyType = SurveyType.PostPurchase }, CancellationToken.None);
        var unknown = await explorer.ReasonsAsync(TwoWeeks with { Source = "nobody" }, CancellationToken.None);

        zigpoll.Total.Should().Be(1, "only e8 came from zigpoll");
        Reasons(zigpoll, SurveyType.ExitIntent).Should().Equal(("Shipping cost too high", 1));
        postPurchase.Types.Should().ContainSingle().Which.SurveyType.Should().Be(SurveyType.PostPurchase);
        postPurchase.Total.Should().Be(19, "the total counts every type");
        unknown.Total.Should().Be(0);
        unknown.Types.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NpsTrend_CountsPromotersPassivesAndDetractorsPerIsoWeek(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        var trend = await new EvidenceExplorer(harness.Db()).NpsTrendAsync(TwoWeeks, CancellationToken.None);

        // Week 45 (Mon 2 - Sun 8): n1 10, n2 9 promoters; n3 8 passive; n4 6, n5 3 (Sunday 23:59:59) detractors.
        //   NPS = (2 - 2) / 5 x 100 = 0.
        // Week 46 (Mon 9 - Sun 15): n6 10 (Monday 00:00), n7 10, n8 9 promoters; n9 7 (the last instant) passive;
        //   n10 has no score and is not counted. NPS = (3 - 0) / 4 x 100 = 75.
        trend.Select(w => (w.WeekStart, w.Week, w.Score)).Should().Equal(
            (Nov2, 45, new NetPromoterScore(Promoters: 2, Passives: 1, Detractors: 2)),
            (new DateOnly(2026, 11, 9), 46, new NetPromoterScore(Promoters: 3, Passives: 1, Detractors: 0)));
        trend[0].Score.Value.Should().Be(0);
        trend[1].Score.Value.Should().Be(75);
        trend[1].Score.Responses.Should().Be(4);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NpsTrend_AWeekCutByThePeriod_CountsOnlyItsDaysInside(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var source = await EvidenceStoreTests.AddSourceAsync(harness, "later");
        await new EvidenceStore(harness.Db()).SaveAsync(source, [Nps("n13", At(2026, 11, 25, 9), 9)], CancellationToken.None);

        var trend = await new EvidenceExplorer(harness.Db()).NpsTrendAsync(new EvidenceFilter { From = new(2026, 11, 4), To = new(2026, 11, 30) }, CancellationToken.None);

        // From Wednesday 4th: week 45 keeps n3 8, n4 6, n5 3: (0 - 2) / 3 x 100 = -66.67.
        // Week 46 as before (75; n11 on Monday 16th is week 47). Week 47 (16-22): n11 0 = -100. Week 48 (23-29): n13 9 = 100.
        trend.Select(w => w.WeekStart.Day).Should().Equal(2, 9, 16, 23);
        trend[0].Score.Should().Be(new NetPromoterScore(0, 1, 2));
        trend[0].Score.Value.Should().BeApproximately(-200.0 / 3, 1e-9);
        trend[2].Score.Should().Be(new NetPromoterScore(0, 0, 1));
        trend[3].Score.Value.Should().Be(100);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NpsTrend_WeeksBetweenAnswersAreListedWithNoScore(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await EvidenceStoreTests.AddSourceAsync(harness);
        await new EvidenceStore(harness.Db()).SaveAsync(source, [Nps("a", At(2026, 11, 3, 10), 10), Nps("b", At(2026, 11, 18, 10), 0)], CancellationToken.None);

        var trend = await new EvidenceExplorer(harness.Db()).NpsTrendAsync(new EvidenceFilter { From = new(2026, 10, 1), To = new(2026, 12, 31) }, CancellationToken.None);

        // Weeks 45, 46 (no answers), 47; nothing before the first answer's week or after the last's.
        trend.Select(w => (w.WeekStart.Day, w.Score.Value)).Should().Equal((2, 100.0), (9, null), (16, -100.0));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Funnel_SumsTheWholeShopOverSourcesPerDay_WithStepConversion(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        var funnel = await new EvidenceExplorer(harness.Db()).FunnelAsync(TwoWeeks, CancellationToken.None);

        // 2 Nov: uploads 1000/600/120/60/30 £1,500.00 + ga 500/300/40/20/10 £500.00; the "mobile" segment row is not added.
        //   = 1500 sessions, 900 views, 160 carts, 80 checkouts, 40 purchases, £2,000.00.
        // 15 Nov: uploads 800/400/100/50/25 £1,250.00. 1 and 16 Nov are outside the period.
        funnel.Days.Select(d => (d.Date, d.Sessions, d.ProductViews, d.AddToCart, d.CheckoutStarted, d.CheckoutCompleted, d.SingleRevenue)).Should().Equal(
            (Nov2, 1500L, 900L, 160L, 80L, 40L, new MoneyAmount(200_000, "GBP")),
            (Nov15, 800L, 400L, 100L, 50L, 25L, new MoneyAmount(125_000, "GBP")));
        var day = funnel.Days[0];
        day.ProductViewRate.Should().Be(0.6, "900 / 1500");
        day.AddToCartRate.Should().BeApproximately(160.0 / 900, 1e-12);
        day.CheckoutStartRate.Should().Be(0.5, "80 / 160");
        day.CheckoutCompletionRate.Should().Be(0.5, "40 / 80");
        day.ConversionRate.Should().BeApproximately(40.0 / 1500, 1e-12);

        // Period: 1500 + 800 = 2300 sessions, 900 + 400 = 1300 views, 160 + 100 = 260 carts,
        // 80 + 50 = 130 checkouts, 40 + 25 = 65 purchases, £2,000 + £1,250 = £3,250.00; 65 / 2300 = 2.83%.
        var total = funnel.Total;
        (total.Date, total.Sessions, total.ProductViews, total.AddToCart, total.CheckoutStarted, total.CheckoutCompleted)
            .Should().Be(((DateOnly?)null, 2300L, 1300L, 260L, 130L, 65L));
        total.Revenue.Should().Equal(new MoneyAmount(325_000, "GBP"));
        total.SingleRevenue!.Value.Value.Should().Be(3250.00m);
        total.ConversionRate.Should().BeApproximately(65.0 / 2300, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Funnel_OneSource_AndRevenueInSeveralCurrenciesIsNotAddedUp(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var eu = await EvidenceStoreTests.AddSourceAsync(harness, "eu-shop");
        var analytics = await EvidenceStoreTests.AddSourceAsync(harness, "analytics");
        await new EvidenceStore(harness.Db()).SaveAsync(eu, [Funnel(Nov15, 100, 10, 4_000, "EUR")], CancellationToken.None);
        await new EvidenceStore(harness.Db()).SaveAsync(analytics, [Funnel(new DateOnly(2026, 11, 3), 50, 0, 0, "USD")], CancellationToken.None);
        var explorer = new EvidenceExplorer(harness.Db());

        var ga = await explorer.FunnelAsync(TwoWeeks with { Source = "ga" }, CancellationToken.None);
        var all = await explorer.FunnelAsync(TwoWeeks, CancellationToken.None);

        ga.Days.Should().ContainSingle().Which.Sessions.Should().Be(500);
        // 15 Nov: £1,250.00 from uploads and €40.00 from eu-shop stay apart; sessions 800 + 100 = 900.
        var nov15 = all.Days.Single(d => d.Date == Nov15);
        nov15.Sessions.Should().Be(900);
        nov15.Revenue.Should().Equal(new MoneyAmount(4_000, "EUR"), new MoneyAmount(125_000, "GBP"));
        nov15.SingleRevenue.Should().BeNull();
        // 3 Nov: a source with no revenue reports it as $0, the only currency that day.
        all.Days.Single(d => d.Date == new DateOnly(2026, 11, 3)).Revenue.Should().Equal(new MoneyAmount(0, "USD"));
        // The period: €40.00 and £3,250.00; the $0 is left out.
        all.Total.Revenue.Should().Equal(new MoneyAmount(4_000, "EUR"), new MoneyAmount(325_000, "GBP"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Lists_AreNewestFirst_PagedAndFiltered(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var explorer = new EvidenceExplorer(harness.Db());

        var first = await explorer.SurveyResponsesAsync(TwoWeeks, page: 1, pageSize: 3, CancellationToken.None);
        var second = await explorer.SurveyResponsesAsync(TwoWeeks, page: 2, pageSize: 3, CancellationToken.None);
        var beyond = await explorer.SurveyResponsesAsync(TwoWeeks, page: int.MaxValue, pageSize: 500, CancellationToken.None);
        var zigpoll = await explorer.SurveyResponsesAsync(TwoWeeks with { Source = "zigpoll" }, page: 1, pageSize: 50, CancellationToken.None);
        var orders = await explorer.OrdersAsync(TwoWeeks, page: 1, pageSize: 50, CancellationToken.None);

        first.Total.Should().Be(19);
        // The last instant first: e4 and n9 both at 15 Nov 23:59:59.999, then p3 on the 14th, n8 on the 13th...
        first.Items.Select(i => i.ExternalId).Take(2).Should().BeEquivalentTo("n9", "e4");
        first.Items[2].ExternalId.Should().Be("p3");
        second.Items.Select(i => i.ExternalId).Should().Equal("n8", "e5", "e8");
        beyond.Items.Should().BeEmpty();
        zigpoll.Items.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ExternalId = "e8", Source = "zigpoll", SurveyType = SurveyType.ExitIntent, Reason = "Shipping cost too high" });
        // o1 at the first instant and o2 at the last are in; o0 and o3 are outside.
        orders.Items.Select(o => (o.OrderId, o.TotalMinor, o.Currency, o.ItemCount, o.Source)).Should().Equal(("o2", 2_500L, "GBP", 1, "uploads"), ("o1", 4_500L, "GBP", 2, "uploads"));
        orders.Items[0].CreatedAt.Should().Be(At(2026, 11, 15, 23, 59, 59, 999));
    }

    private static List<(string, int)> Reasons(ReasonBreakdown breakdown, SurveyType type) =>
        breakdown.Types.Single(t => t.SurveyType == type).Reasons.Select(r => (r.Reason, r.Count)).ToList();

    /// <summary>The shop of the tests above; the comments in each test count from it.</summary>
    internal static async Task SeedAsync(ServiceHarness harness)
    {
        var uploads = await EvidenceStoreTests.AddSourceAsync(harness, "uploads");
        var zigpoll = await EvidenceStoreTests.AddSourceAsync(harness, "zigpoll");
        var ga = await EvidenceStoreTests.AddSourceAsync(harness, "ga");
        var first = At(2026, 11, 2);
        var last = At(2026, 11, 15, 23, 59, 59, 999);

        await Store(harness, uploads,
        [
            Exit("e1", first, "Shipping cost too high"),
            Exit("e2", At(2026, 11, 3, 14), "Shipping cost too high"),
            Exit("e3", At(2026, 11, 10, 9), "Just browsing"),
            Exit("e4", last, null),
            Exit("e5", At(2026, 11, 12, 16), "  "),
            Exit("e6", first.AddMilliseconds(-1), "Shipping cost too high"),
            Exit("e7", last.AddMilliseconds(1), "Just browsing"),
            Post("p1", At(2026, 11, 4, 11), "Instagram"),
            Post("p2", At(2026, 11, 9, 12), "Instagram "),
            Post("p3", At(2026, 11, 14, 20), "A friend"),
            Nps("n1", first, 10),
            Nps("n2", At(2026, 11, 3, 12), 9),
            Nps("n3", At(2026, 11, 5, 8), 8),
            Nps("n4", At(2026, 11, 6, 18), 6),
            Nps("n5", At(2026, 11, 8, 23, 59, 59), 3),
            Nps("n6", At(2026, 11, 9), 10),
            Nps("n7", At(2026, 11, 11, 10), 10),
            Nps("n8", At(2026, 11, 13, 10), 9),
            Nps("n9", last, 7),
            Nps("n10", At(2026, 11, 10, 10), null),
            Nps("n11", At(2026, 11, 16), 0),
            Nps("n12", At(2026, 11, 1, 23, 59, 59), 0),
        ]);
        await Store(harness, zigpoll, [Exit("e8", At(2026, 11, 11, 15), "Shipping cost too high")]);

        var store = new EvidenceStore(harness.Db());
        await store.SaveAsync(uploads,
        [
            Funnel(new DateOnly(2026, 11, 1), 9_999, 99, 99_900, "GBP"),
            Funnel(Nov2, 1000, 30, 150_000, "GBP", productViews: 600, addToCart: 120, checkoutStarted: 60),
            Funnel(Nov2, 700, 20, 100_000, "GBP", segment: "mobile"),
            Funnel(Nov15, 800, 25, 125_000, "GBP", productViews: 400, addToCart: 100, checkoutStarted: 50),
            Funnel(new DateOnly(2026, 11, 16), 9_999, 99, 99_900, "GBP"),
        ], CancellationToken.None);
        await new EvidenceStore(harness.Db()).SaveAsync(ga, [Funnel(Nov2, 500, 10, 50_000, "GBP", productViews: 300, addToCart: 40, checkoutStarted: 20)], CancellationToken.None);

        await new EvidenceStore(harness.Db()).SaveAsync(uploads,
        [
            new Order { ExternalId = "o0", CreatedAt = first.AddMilliseconds(-1), TotalMinor = 1_000, Currency = "GBP", ItemCount = 1 },
            new Order { ExternalId = "o1", CreatedAt = first, TotalMinor = 4_500, Currency = "GBP", ItemCount = 2 },
            new Order { ExternalId = "o2", CreatedAt = last, TotalMinor = 2_500, Currency = "GBP", ItemCount = 1 },
            new Order { ExternalId = "o3", CreatedAt = last.AddMilliseconds(1), TotalMinor = 9_000, Currency = "GBP", ItemCount = 3 },
        ], CancellationToken.None);
    }

    private static Task<StoreCounts> Store(ServiceHarness harness, int source, SurveyResponse[] responses) =>
        new EvidenceStore(harness.Db()).SaveAsync(source, responses, CancellationToken.None);

    private static DateTime At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int millisecond = 0) =>
        new(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);

    private static SurveyResponse Exit(string id, DateTime at, string? reason) =>
        new() { ExternalId = id, SurveyType = SurveyType.ExitIntent, SubmittedAt = at, Reason = reason };

    private static SurveyResponse Post(string id, DateTime at, string reason) =>
        new() { ExternalId = id, SurveyType = SurveyType.PostPurchase, SubmittedAt = at, Reason = reason };

    private static SurveyResponse Nps(string id, DateTime at, double? score) =>
        new() { ExternalId = id, SurveyType = SurveyType.NPS, SubmittedAt = at, Score = score, Question = "How likely are you to recommend us?" };

    private static FunnelDay Funnel(DateOnly date, long sessions, long purchases, long revenueMinor, string currency, long productViews = 0, long addToCart = 0, long checkoutStarted = 0, string segment = "") =>
        new()
        {
            Date = date,
            Segment = segment,
            Sessions = sessions,
            ProductViews = productViews,
            AddToCart = addToCart,
            CheckoutStarted = checkoutStarted,
            CheckoutCompleted = purchases,
            RevenueMinor = revenueMinor,
            Currency = currency,
        };
}
