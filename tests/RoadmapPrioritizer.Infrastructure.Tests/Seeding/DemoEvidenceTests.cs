using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Seeding;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Seeding;

/// <summary>
/// The demo's evidence as a fresh quick start stores it, on the harness's clock (22 November 2026, so
/// the evidence covers 25 July to 21 November). Figures are checked against what the demo roadmap's
/// descriptions quote (per quarter of 91.3125 days), counted in the database, not against the generator.
/// </summary>
public sealed class DemoEvidenceTests
{
    private const string Shipping = "Show delivery cost on product pages and in the cart";
    private const string Glaze = "Glaze close-up photography and a 'thrown by' maker line on product pages";
    private const string GuestCheckout = "Guest checkout and express payment with Shop Pay and Apple Pay";
    private const string Commissions = "Commission request form with glaze, size and lettering options";
    private const string Initials = "Hand-painted initials on mugs as a product option";
    private const string Planters = "Indoor planter range with matching drainage saucers";

    private const double Quarter = 365.25 / 4;
    private const int Days = 120;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly Today = DateOnly.FromDateTime(ServiceHarness.Start.UtcDateTime);

    [Fact]
    public void Generate_EveryRecordIsValid()
    {
        var evidence = DemoEvidence.Generate(Today);

        evidence.SurveyResponses.SelectMany(r => r.Validate()).Should().BeEmpty();
        evidence.FunnelDays.SelectMany(d => d.Validate()).Should().BeEmpty();
        evidence.Orders.SelectMany(o => o.Validate()).Should().BeEmpty();
        evidence.SurveyResponses.Select(r => r.ExternalId).Should().OnlyHaveUniqueItems();
        evidence.Orders.Select(o => o.ExternalId).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_EmptyDatabaseWithDemo_StoresTheEvidenceAsOneSucceededUploadToOneCsvSource(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();

        var source = await db.EvidenceSources.SingleAsync();
        (source.Kind, source.Name, source.Cron, source.IsPulled).Should().Be((SourceKind.Csv, "Demo data (Ashgrove Ceramics)", (string?)null, false));
        var run = await db.ImportRuns.SingleAsync();
        (run.SourceId, run.Trigger, run.State, run.Rejected, run.AlreadyPresent).Should().Be((source.Id, RunTrigger.Upload, RunState.Succeeded, 0, 0));
        var stored = await CountAsync(db, "SELECT (SELECT COUNT(*) FROM survey_responses) + (SELECT COUNT(*) FROM funnel_days) + (SELECT COUNT(*) FROM orders)");
        run.Added.Should().Be((int)stored, "the run counts every record it brought in");
        (await CountAsync(db, $"SELECT COUNT(*) FROM survey_responses WHERE source_id <> {source.Id}")).Should().Be(0);
        (await CountAsync(db, $"SELECT COUNT(*) FROM funnel_days WHERE source_id <> {source.Id}")).Should().Be(0);
        (await CountAsync(db, $"SELECT COUNT(*) FROM orders WHERE source_id <> {source.Id}")).Should().Be(0);
        (await CountAsync(db, "SELECT COUNT(*) FROM abandoned_checkouts")).Should().Be(0);
        (await db.RescoreRuns.CountAsync()).Should().Be(0, "the demo starts before any rescore: the user runs the first");
        (await db.FunnelIncidents.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_EmptyDatabaseWithDemo_SurveyAnswersAgreeWithTheDemoRoadmapsFigures(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();

        var total = await CountAsync(db, "SELECT COUNT(*) FROM survey_responses");
        total.Should().BeInRange(1_100, 1_200);
        var times = await db.SurveyResponses.Select(r => r.SubmittedAt).ToListAsync();
        times.Min().Should().BeOnOrAfter(Midnight(Today.AddDays(-Days)));
        times.Max().Should().BeBefore(Midnight(Today), "only whole days, up to yesterday");

        // "38% of the 412 exit-intent survey answers last quarter gave shipping cost surprise".
        var exit = await CountAsync(db, "SELECT COUNT(*) FROM survey_responses WHERE survey_type = 'ExitIntent'");
        (exit * Quarter / Days).Should().BeApproximately(412, 412 * 0.05);
        Share(await CountAsync(db, "SELECT COUNT(*) FROM survey_responses WHERE survey_type = 'ExitIntent' AND reason = 'Shipping cost surprise'"), exit)
            .Should().BeApproximately(0.38, 0.015);

        // "27% of post-purchase survey answers say the buyer wasn't sure what the glaze would look like in real life".
        var post = await CountAsync(db, "SELECT COUNT(*) FROM survey_responses WHERE survey_type = 'PostPurchase'");
        post.Should().BeGreaterThan(100);
        Share(await CountAsync(db, "SELECT COUNT(*) FROM survey_responses WHERE survey_type = 'PostPurchase' AND reason = 'Wasn''t sure what the glaze would look like in real life'"), post)
            .Should().BeApproximately(0.27, 0.015);

        // Post-purchase and NPS answers come from buyers: each names an order's customer; NPS is 0-10.
        (await CountAsync(db, "SELECT COUNT(*) FROM survey_responses r WHERE r.survey_type IN ('PostPurchase', 'NPS') AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_hash = r.customer_hash)"))
            .Should().Be(0);
        var scores = await db.SurveyResponses.Where(r => r.SurveyType == SurveyType.NPS).Select(r => r.Score).ToListAsync();
        scores.Should().HaveCountGreaterThan(100).And.OnlyContain(s => s >= 0 && s <= 10);
        scores.Should().Contain(s => s <= 6).And.Contain(s => s >= 9);

        // Feature requests talk about the demo's ideas in their own words.
        var requests = await db.SurveyResponses.Where(r => r.SurveyType == SurveyType.FeatureRequest).Select(r => r.Text!).ToListAsync();
        requests.Should().HaveCountGreaterThan(100).And.OnlyContain(t => t.Length > 0);
        requests.Should().Contain(t => t.Contains("commission", StringComparison.OrdinalIgnoreCase))
            .And.Contain(t => t.Contains("initials", StringComparison.OrdinalIgnoreCase))
            .And.Contain(t => t.Contains("planter", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_EmptyDatabaseWithDemo_FunnelAndOrdersAgreeWithTheDemoRoadmapsFiguresAndEachOther(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();

        var days = await db.FunnelDays.OrderBy(d => d.Date).ToListAsync();
        days.Select(d => d.Date).Should().Equal(Enumerable.Range(0, Days).Select(i => Today.AddDays(i - Days)), "120 whole days ending yesterday");
        days.Should().OnlyContain(d => d.Segment == string.Empty && d.Currency == "GBP");

        // "roughly 21,000 visitors a quarter", "about 12,500 people a quarter view a product page",
        // "about 1,800 add-to-cart sessions a quarter but only 1,100 checkout starts", "about 650 orders a quarter".
        PerQuarter(days.Sum(d => d.Sessions)).Should().BeApproximately(21_000, 21_000 * 0.05);
        PerQuarter(days.Sum(d => d.ProductViews)).Should().BeApproximately(12_500, 12_500 * 0.05);
        PerQuarter(days.Sum(d => d.AddToCart)).Should().BeApproximately(1_800, 1_800 * 0.05);
        PerQuarter(days.Sum(d => d.CheckoutStarted)).Should().BeApproximately(1_100, 1_100 * 0.05);
        PerQuarter(days.Sum(d => d.CheckoutCompleted)).Should().BeApproximately(650, 650 * 0.05);
        days.Should().OnlyContain(d => d.Sessions >= d.ProductViews && d.ProductViews >= d.AddToCart && d.AddToCart >= d.CheckoutStarted && d.CheckoutStarted >= d.CheckoutCompleted);
        var busiest = days.GroupBy(d => d.Date.DayOfWeek).MaxBy(g => g.Average(d => d.Sessions))!.Key;
        busiest.Should().Be(DayOfWeek.Sunday, "a shop's browsing peaks at the weekend");

        // One order per completed checkout, and each day's revenue is its orders' totals.
        var orders = await db.Orders.Select(o => new { o.CreatedAt, o.TotalMinor, o.Currency, o.CustomerHash }).ToListAsync();
        orders.Should().HaveCount((int)days.Sum(d => d.CheckoutCompleted)).And.HaveCountGreaterThan(800).And.HaveCountLessThan(900);
        orders.Should().OnlyContain(o => o.Currency == "GBP" && o.CustomerHash != null);
        var byDay = orders.GroupBy(o => DateOnly.FromDateTime(o.CreatedAt)).ToDictionary(g => g.Key, g => (Count: g.Count(), Total: g.Sum(o => o.TotalMinor)));
        days.Should().OnlyContain(d => byDay.GetValueOrDefault(d.Date).Count == d.CheckoutCompleted && byDay.GetValueOrDefault(d.Date).Total == d.RevenueMinor);
        // "average order value rose from £53 to £58".
        (orders.Average(o => o.TotalMinor) / 100).Should().BeInRange(53, 60);
        orders.Select(o => o.CustomerHash).Distinct().Count().Should().BeLessThan(orders.Count, "some customers come back");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_Again_AddsNoEvidence(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        var before = await EvidenceCountsAsync(harness);

        await harness.Initializer().InitializeAsync(seedDemoData: true, Ct);

        (await EvidenceCountsAsync(harness)).Should().Be(before);
        before.Sources.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_WithoutDemo_SeedsNoEvidence(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: false);

        (await EvidenceCountsAsync(harness)).Should().Be((0L, 0L, 0L, 0L, 0L, 0L));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_TwiceOnTheSameDay_StoresIdenticalEvidence(DatabaseProvider provider)
    {
        await using var first = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var second = await ServiceHarness.CreateAsync(provider, demoData: true);

        var a = await EvidenceRowsAsync(first);
        var b = await EvidenceRowsAsync(second);

        a.Should().HaveCountGreaterThan(2_000);
        a.Should().Equal(b);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_AFailureWhileSeedingEvidence_LeavesAnEmptyDatabase_ThatTheNextStartSeeds(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FixedTimeProvider(ServiceHarness.Start);

        // The links are the last thing seeded, after the roadmap and every evidence row.
        await using (var failing = database.CreateContextWith(null, clock, [new FailWhenAddingLinks()]))
        {
            var act = () => new DatabaseInitializer(failing, clock, NullLogger<DatabaseInitializer>.Instance).InitializeAsync(seedDemoData: true, Ct);
            await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("Links refused*");
        }

        await using (var db = database.CreateContext())
        {
            (await db.Themes.CountAsync(), await db.Initiatives.CountAsync(), await db.AuditEntries.CountAsync()).Should().Be((0, 0, 0));
            (await CountAsync(db, "SELECT (SELECT COUNT(*) FROM evidence_sources) + (SELECT COUNT(*) FROM import_runs) + (SELECT COUNT(*) FROM survey_responses) + (SELECT COUNT(*) FROM funnel_days) + (SELECT COUNT(*) FROM orders)"))
                .Should().Be(0, "no half demo: the evidence rows went with the rest");
        }

        await using (var db = database.CreateContext())
        {
            await new DatabaseInitializer(db, clock, NullLogger<DatabaseInitializer>.Instance).InitializeAsync(seedDemoData: true, Ct);
        }

        await using (var db = database.CreateContext())
        {
            (await db.Initiatives.CountAsync()).Should().BeGreaterThan(20);
            (await db.EvidenceLinks.CountAsync()).Should().Be(6);
            (await db.SurveyResponses.CountAsync()).Should().BeGreaterThan(1_000);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_EmptyDatabaseWithDemo_LinksSixInitiativesToEvidenceTheyMatchOnTheirPages(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();
        var ids = await IdsAsync(db);
        var linked = await db.EvidenceLinks.Select(l => l.InitiativeId).ToListAsync();
        linked.Should().BeEquivalentTo(new[] { Shipping, Glaze, GuestCheckout, Commissions, Initials, Planters }.Select(t => ids[t]));

        // What each initiative's page shows, against the rows counted here: the window is the 90 days up to yesterday.
        var from = Midnight(Today.AddDays(-90));
        var until = Midnight(Today);
        var window = db.SurveyResponses.Where(r => r.SubmittedAt >= from && r.SubmittedAt < until);
        var funnel = await db.FunnelDays.Where(d => d.Date >= Today.AddDays(-90) && d.Date < Today).ToListAsync();

        var shipping = await LinkedAsync(harness, ids[Shipping]);
        shipping.Matched.Should().Be(await window.CountAsync(r => r.SurveyType == SurveyType.ExitIntent && r.Reason == "Shipping cost surprise"));
        shipping.Responses.Should().Be(await window.CountAsync(r => r.SurveyType == SurveyType.ExitIntent));
        shipping.Funnel!.Previous.Should().Be(funnel.Sum(d => d.AddToCart));
        shipping.Funnel.Reached.Should().Be(funnel.Sum(d => d.CheckoutStarted));
        shipping.Funnel.DaysWithData.Should().Be(90);

        var glaze = await LinkedAsync(harness, ids[Glaze]);
        glaze.Matched.Should().Be(await window.CountAsync(r => r.SurveyType == SurveyType.PostPurchase && r.Reason == "Wasn't sure what the glaze would look like in real life"));
        glaze.Responses.Should().Be(await window.CountAsync(r => r.SurveyType == SurveyType.PostPurchase));
        glaze.Funnel!.Previous.Should().Be(funnel.Sum(d => d.ProductViews));

        var guest = await LinkedAsync(harness, ids[GuestCheckout]);
        guest.Matched.Should().Be(await window.CountAsync(r => r.SurveyType == SurveyType.ExitIntent && r.Reason == "Had to create an account"));
        guest.Funnel!.Previous.Should().Be(funnel.Sum(d => d.CheckoutStarted));
        guest.Orders.Should().Be(await db.Orders.CountAsync(o => o.CreatedAt >= from && o.CreatedAt < until));

        // Keywords are whole words; the demo's requests never hide one inside another word, so LIKE finds the same.
        var requests = window.Where(r => r.SurveyType == SurveyType.FeatureRequest);
        var commissions = await LinkedAsync(harness, ids[Commissions]);
        commissions.Matched.Should().Be(await requests.CountAsync(r =>
            EF.Functions.Like(r.Text!.ToLower(), "%commission%") || EF.Functions.Like(r.Text!.ToLower(), "%bespoke%") || EF.Functions.Like(r.Text!.ToLower(), "%custom order%")));
        commissions.Responses.Should().Be(await requests.CountAsync());
        var initials = await LinkedAsync(harness, ids[Initials]);
        initials.Matched.Should().Be(await requests.CountAsync(r =>
            EF.Functions.Like(r.Text!.ToLower(), "%initials%") || EF.Functions.Like(r.Text!.ToLower(), "%personali_ed%")
            || EF.Functions.Like(r.Text!.ToLower(), "%lettering%") || EF.Functions.Like(r.Text!.ToLower(), "%name on%")));
        var planters = await LinkedAsync(harness, ids[Planters]);
        planters.Matched.Should().Be(await requests.CountAsync(r => EF.Functions.Like(r.Text!.ToLower(), "%planter%") || EF.Functions.Like(r.Text!.ToLower(), "%saucer%")));

        foreach (var evidence in new[] { shipping, glaze, guest, commissions, initials, planters })
        {
            evidence.Matched.Should().BeGreaterThan(0);
            evidence.Matched.Should().BeLessThan(evidence.Responses);
        }

        commissions.Requests.Count.Should().Be(commissions.Matched);
        new[] { commissions.Requests.Detractors, commissions.Requests.Promoters, commissions.Requests.Unknown }.Should().OnlyContain(n => n > 0, "askers are weighed by their NPS answers");

        // The shipping initiative's page quotes what the newest shoppers who left said.
        var page = await harness.Links().GetAsync(ids[Shipping], Ct);
        page!.Samples.Should().HaveCount(EvidenceLinkService.SampleCount).And.OnlyContain(s => s.Reason == "Shipping cost surprise");
        page.Samples.Should().Contain(s => !string.IsNullOrWhiteSpace(s.Text), "a verbatim to read");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_EveryDayOfTheDemoFunnel_OpensNoIncident(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        var judged = new List<StepJudgement>();

        // Day by day as the nightly job would, from the first day of the demo to yesterday.
        for (var day = Today.AddDays(-Days); day < Today; day = day.AddDays(1))
        {
            var evaluation = await harness.Incidents().EvaluateAsync(day, Ct);
            evaluation.Opened.Should().BeEmpty($"{day:yyyy-MM-dd}: {string.Join("; ", evaluation.Judgements.Select(j => j.Explanation))}");
            judged.AddRange(evaluation.Judgements);
        }

        await using var db = harness.Db();
        (await db.FunnelIncidents.CountAsync()).Should().Be(0);
        // Judged, not waved through: once 35 days of data are in, the steps with 100+ people before them are judged normal every day.
        foreach (var step in new[] { FunnelStep.ProductView, FunnelStep.AddToCart, FunnelStep.CheckoutStarted })
        {
            judged.Count(j => j.Step == step && j.Verdict == IncidentVerdict.Normal).Should().BeGreaterThanOrEqualTo(Days - FunnelAnomalyDetector.LookbackDays, step.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_OverTheDemo_Succeeds_AndDerivesTheLinkedInputsWithTheirArithmetic(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();
        var ids = await IdsAsync(db);
        var before = await db.Initiatives.AsNoTracking().ToDictionaryAsync(i => i.Id);
        (await harness.Links().InputsAsync(ids[Shipping], Ct)).Should().OnlyContain(v => v.Origin == InputOrigin.Manual, "nothing is derived before the first run");

        var run = await harness.Rescore().RunAsync(RunTrigger.Manual, "pm@example.com", Ct);

        run!.State.Should().Be(RunState.Succeeded);
        run.Changed.Should().BeGreaterThanOrEqualTo(5, "every initiative linked to a funnel step gets a measured reach, and two more a new impact or confidence");

        // Worked from the descriptions: 38% cite shipping × (1 − 1,100 ÷ 1,800 = 38.9% of carts not reaching checkout) = 14.8%: high (2);
        // about 406 answers give a 95% interval under 10 points wide, and survey + funnel are two kinds: 100%.
        var shipping = await InputsAsync(harness, ids[Shipping]);
        shipping[ScoreInput.Reach].Value.Should().BeApproximately(1_800, 1_800 * 0.05);
        shipping[ScoreInput.Impact].Value.Should().Be(2);
        shipping[ScoreInput.Impact].Explanation.Should().Contain("responses").And.Contain("cite it").And.Contain("high");
        shipping[ScoreInput.Confidence].Value.Should().Be(1.0);
        shipping[ScoreInput.Confidence].Explanation.Should().Contain("2 kinds of evidence (survey, funnel)");
        before[ids[Shipping]].Impact.Value.Should().Be(1, "entered by hand as medium");

        // 27% unsure of the glaze × (1 − 1,800 ÷ 12,500 = 85.6%) = 23.1%: massive (3).
        var glaze = await InputsAsync(harness, ids[Glaze]);
        glaze[ScoreInput.Reach].Value.Should().BeApproximately(12_500, 12_500 * 0.05);
        glaze[ScoreInput.Impact].Value.Should().Be(3);

        var guest = await InputsAsync(harness, ids[GuestCheckout]);
        guest[ScoreInput.Reach].Value.Should().BeApproximately(1_100, 1_100 * 0.05);
        guest[ScoreInput.Confidence].Explanation.Should().Contain("3 kinds of evidence (survey, funnel, orders)");

        foreach (var title in new[] { Shipping, Glaze, GuestCheckout })
        {
            var inputs = await InputsAsync(harness, ids[title]);
            inputs.Values.Where(v => v.Input != ScoreInput.Effort).Should().OnlyContain(v => v.Origin == InputOrigin.Derived && v.Explanation.Length > 20, title);
            inputs[ScoreInput.Effort].Origin.Should().Be(InputOrigin.Manual);
        }

        // Requests alone say nothing about reach: it stays as entered; impact and confidence come from their share.
        foreach (var title in new[] { Commissions, Initials, Planters })
        {
            var inputs = await InputsAsync(harness, ids[title]);
            inputs[ScoreInput.Reach].Origin.Should().Be(InputOrigin.Manual, title);
            inputs[ScoreInput.Reach].Value.Should().Be(before[ids[title]].Reach.Value);
            inputs[ScoreInput.Impact].Origin.Should().Be(InputOrigin.Derived, title);
            inputs[ScoreInput.Impact].Explanation.Should().Contain("feature requests", title);
            inputs[ScoreInput.Confidence].Origin.Should().Be(InputOrigin.Derived, title);
        }

        (await db.FunnelIncidents.CountAsync()).Should().Be(0, "the run evaluated yesterday's funnel too");
    }

    private static async Task<InitiativeEvidence> LinkedAsync(ServiceHarness harness, int initiativeId) =>
        (await harness.Links().GetAsync(initiativeId, Ct))!.Evidence;

    private static async Task<Dictionary<ScoreInput, InputView>> InputsAsync(ServiceHarness harness, int initiativeId) =>
        (await harness.Links().InputsAsync(initiativeId, Ct)).ToDictionary(v => v.Input);

    private static Task<Dictionary<string, int>> IdsAsync(RoadmapDbContext db) =>
        db.Initiatives.ToDictionaryAsync(i => i.Title, i => i.Id, StringComparer.Ordinal);

    private static async Task<(long Sources, long Runs, long Responses, long FunnelDays, long Orders, long Links)> EvidenceCountsAsync(ServiceHarness harness)
    {
        await using var db = harness.Db();
        return (
            await CountAsync(db, "SELECT COUNT(*) FROM evidence_sources"),
            await CountAsync(db, "SELECT COUNT(*) FROM import_runs"),
            await CountAsync(db, "SELECT COUNT(*) FROM survey_responses"),
            await CountAsync(db, "SELECT COUNT(*) FROM funnel_days"),
            await CountAsync(db, "SELECT COUNT(*) FROM orders"),
            await CountAsync(db, "SELECT COUNT(*) FROM initiative_evidence_links"));
    }

    /// <summary>Every stored evidence record and link as text, in a fixed order.</summary>
    private static async Task<List<string>> EvidenceRowsAsync(ServiceHarness harness)
    {
        await using var db = harness.Db();
        var rows = new List<string>();
        rows.AddRange((await db.SurveyResponses.OrderBy(r => r.ExternalId).ToListAsync()).Select(r => string.Join(
            '|', r.SourceId, r.ExternalId, r.SurveyId, r.SurveyType, r.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), r.Question, r.Reason, r.Text,
            r.Score, r.OrderValueMinor, r.Currency, r.CustomerHash, r.Page, r.Tags)));
        rows.AddRange((await db.FunnelDays.OrderBy(d => d.Date).ToListAsync()).Select(d => string.Join(
            '|', d.SourceId, d.Date, d.Segment, d.Sessions, d.ProductViews, d.AddToCart, d.CheckoutStarted, d.CheckoutCompleted, d.RevenueMinor, d.Currency)));
        rows.AddRange((await db.Orders.OrderBy(o => o.ExternalId).ToListAsync()).Select(o => string.Join(
            '|', o.SourceId, o.ExternalId, o.CustomerHash, o.CreatedAt.ToString("O", CultureInfo.InvariantCulture), o.TotalMinor, o.Currency, o.ItemCount)));
        rows.AddRange((await db.EvidenceLinks.OrderBy(l => l.InitiativeId).ToListAsync()).Select(l => string.Join(
            '|', l.InitiativeId, string.Join(',', l.Reasons), string.Join(',', l.Keywords), string.Join(',', l.SurveyTypes), l.FunnelStep)));
        return rows;
    }

    private static async Task<long> CountAsync(RoadmapDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static double Share(long part, long whole) => (double)part / whole;

    private static double PerQuarter(long total) => total * Quarter / Days;

    private static DateTime Midnight(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Fails the save that adds the demo's evidence links.</summary>
    private sealed class FailWhenAddingLinks : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<EvidenceLink>().Any(e => e.State == EntityState.Added)
                ? throw new InvalidOperationException("Links refused, as a full disk or a lost connection would.")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
