using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Infrastructure.Tests.Auditing;
using RoadmapPrioritizer.Infrastructure.Tests.Ingestion;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Incidents;

/// <summary>
/// A shop whose funnel comes from two sources, "shop" (600 checkouts started a day) and "analytics"
/// (400), stored through the real evidence store, from 20 October to 10 December 2026. Together 1,000
/// checkouts a day are started and 50 completed (5%), except 24-30 November: 35 (3.5%). On the
/// days of the fall the shop also reports a "mobile" segment that converts at 20%: segments are
/// slices of the same shoppers and must not be added, or they would hide the fall.
/// </summary>
public sealed class IncidentServiceTests
{
    private static readonly DateOnly FallStarts = new(2026, 11, 24);
    private static readonly DateOnly FallEnds = new(2026, 11, 30);
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_AFallOfThreshold_OpensOneIncident_FromTheWholeShopSummedOverSources(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        var result = await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        // Observed 24-30 Nov: (18 + 17) x 7 = 245 of (600 + 400) x 7 = 7,000 = 3.5%; the week before 350 of 7,000 = 5%:
        // 0.035 / 0.05 - 1 = -30%, against the trailing 28 days (1,400 of 28,000) the same: a tie, week over week.
        result.Opened.Should().ContainSingle();
        result.Changes.Should().ContainSingle();
        result.Judgements.Select(j => (j.Step, j.Verdict)).Should().Equal(
            (FunnelStep.ProductView, IncidentVerdict.Normal),
            (FunnelStep.AddToCart, IncidentVerdict.Normal),
            (FunnelStep.CheckoutStarted, IncidentVerdict.Normal),
            (FunnelStep.CheckoutCompleted, IncidentVerdict.Anomalous));
        await using var db = harness.Db();
        var incident = await db.FunnelIncidents.SingleAsync();
        (incident.Step, incident.Metric, incident.Rule, incident.OpenedOn, incident.LastCheckedOn, incident.ClosedOn)
            .Should().Be((FunnelStep.CheckoutCompleted, "conversion", IncidentRule.WeekOverWeek, FallEnds, FallEnds, (DateOnly?)null));
        incident.Observed.Should().Be(0.035);
        incident.Baseline.Should().Be(0.05);
        incident.ChangePct.Should().BeApproximately(-0.3, 1e-12);
        incident.Explanation.Should().Be("Checkout completed: 3.5% (245 of 7,000) this week vs 5.0% (350 of 7,000) the week before (\u221230.0%)");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_TheSameDayTwice_ChangesNothingTheSecondTime(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        await harness.Incidents().EvaluateAsync(FallEnds, Ct);
        var before = await SnapshotAsync(harness);

        var again = await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        again.Changes.Should().BeEmpty();
        again.Judgements.Single(j => j.Step == FunnelStep.CheckoutCompleted).Verdict.Should().Be(IncidentVerdict.Anomalous);
        (await SnapshotAsync(harness)).Should().Equal(before);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_DayByDay_UpdatesWhileStillLow_AndClosesOnRecovery(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        var dec1 = await harness.Incidents().EvaluateAsync(new(2026, 12, 1), Ct);
        var dec2 = await harness.Incidents().EvaluateAsync(new(2026, 12, 2), Ct);
        var dec3 = await harness.Incidents().EvaluateAsync(new(2026, 12, 3), Ct);

        // 1 Dec: observed 25 Nov - 1 Dec = six 35s + one 50 = 260 of 7,000; w/w (18-24 Nov: 6 x 50 + 35 = 335) -22.4%;
        // trailing (28 Oct - 24 Nov: 27 x 50 + 35 = 1,385 of 28,000) 260 x 28,000 / (7,000 x 1,385) - 1 = -24.9%: the larger drop.
        dec1.Updated.Should().ContainSingle().Which.Rule.Should().Be(IncidentRule.TrailingBaseline);
        // 2 Dec: observed 275 of 7,000; w/w 320 of 7,000: -14.1%; trailing (29 Oct - 25 Nov: 26 x 50 + 2 x 35 = 1,370 of 28,000):
        // 275 x 28,000 / (7,000 x 1,370) - 1 = -19.7%, within the 20%: recovered, the incident closes.
        dec2.Closed.Should().ContainSingle();
        dec2.Judgements.Single(j => j.Step == FunnelStep.CheckoutCompleted).Trailing.Change.Should().BeApproximately((275.0 * 28_000 / (7_000.0 * 1_370)) - 1, 1e-12);
        dec3.Changes.Should().BeEmpty();
        await using var db = harness.Db();
        var incident = await db.FunnelIncidents.SingleAsync();
        (incident.OpenedOn, incident.ClosedOn, incident.LastCheckedOn).Should().Be((FallEnds, (DateOnly?)new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)));
        (incident.Rule, incident.Observed).Should().Be((IncidentRule.TrailingBaseline, 260.0 / 7_000), "a closed incident keeps the figures of its last low day");
        incident.Baseline.Should().BeApproximately(1_385.0 / 28_000, 1e-15);
        incident.ChangePct.Should().BeApproximately((260.0 * 28_000 / (7_000.0 * 1_385)) - 1, 1e-12);
        incident.Explanation.Should().Contain("Recovered on 2026-12-02: Checkout completed: 3.9% (275 of 7,000) this week");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_AnEarlierDayAgain_LeavesTheIncidentsAsTheyAre(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        await harness.Incidents().EvaluateAsync(new(2026, 12, 1), Ct);
        var open = await SnapshotAsync(harness);

        var earlier = await harness.Incidents().EvaluateAsync(FallEnds, Ct);
        await harness.Incidents().EvaluateAsync(new(2026, 12, 2), Ct);
        var afterClosing = await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        earlier.Changes.Should().BeEmpty("1 December was already judged; 30 November is older");
        open.Should().ContainSingle();
        afterClosing.Changes.Should().BeEmpty("re-running a day before the incident closed reopens nothing");
        await using var db = harness.Db();
        (await db.FunnelIncidents.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AStepHasAtMostOneOpenIncident_TheDatabaseRefusesASecond(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var result = await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        await using var db = harness.Db();
        db.FunnelIncidents.Add(FunnelIncident.Open(result.Judgements.Single(j => j.Step == FunnelStep.CheckoutCompleted)));
        var second = async () => await db.SaveChangesAsync();

        await second.Should().ThrowAsync<DbUpdateException>();
        await using var check = harness.Db();
        (await check.FunnelIncidents.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_WithoutEnoughHistory_JudgesNothing_AndOpensNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        // On 5 Nov the trailing window (2 Oct - 29 Oct) holds only 10 days (20-29 Oct) of the 20 needed.
        var result = await harness.Incidents().EvaluateAsync(new(2026, 11, 5), Ct);

        result.Judgements.Should().OnlyContain(j => j.Verdict == IncidentVerdict.NotJudged);
        result.Judgements[0].Explanation.Should().Be("Product view: not judged: the 28 days before has data on 10 of 28 days (20 needed)");
        result.Changes.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Evaluate_UsesTheConfiguredThresholds(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);

        // A 30% fall is under a 35% threshold; 7,000 checkouts a week are under a minimum of 7,001.
        var stricter = await harness.Incidents(new IncidentOptions { DropThreshold = 0.35 }).EvaluateAsync(FallEnds, Ct);
        var quieter = await harness.Incidents(new IncidentOptions { MinimumVolume = 7_001 }).EvaluateAsync(FallEnds, Ct);

        stricter.Changes.Should().BeEmpty();
        stricter.Judgements.Single(j => j.Step == FunnelStep.CheckoutCompleted).Verdict.Should().Be(IncidentVerdict.Normal);
        quieter.Changes.Should().BeEmpty();
        quieter.Judgements.Single(j => j.Step == FunnelStep.CheckoutCompleted).Verdict.Should().Be(IncidentVerdict.NotJudged);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reads_ListOpenAndClosed_WithTheInitiativesStillToDoThatTargetTheStep(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var themeId = await AuditTrailTests.ThemeIdAsync(harness, "Conversion optimisation");
        var express = await LinkedInitiativeAsync(harness, themeId, "Express checkout", FunnelStep.CheckoutCompleted);
        var badges = await LinkedInitiativeAsync(harness, themeId, "Trust badges at payment", FunnelStep.CheckoutCompleted);
        var shipped = await LinkedInitiativeAsync(harness, themeId, "Guest checkout", FunnelStep.CheckoutCompleted, "Shipped");
        var carts = await LinkedInitiativeAsync(harness, themeId, "Saved carts", FunnelStep.AddToCart);
        await harness.Incidents().EvaluateAsync(FallEnds, Ct);
        var service = harness.Incidents();

        var open = await service.ListAsync(IncidentState.Open, Ct);
        var closedBefore = await service.ListAsync(IncidentState.Closed, Ct);
        await harness.Incidents().EvaluateAsync(new(2026, 12, 2), Ct);
        var closed = await service.ListAsync(IncidentState.Closed, Ct);
        var overview = await service.OverviewAsync(Ct);
        var openNow = await service.OpenAsync(Ct);

        var view = open.Should().ContainSingle().Subject;
        view.Initiatives.Select(i => i.Id).Should().Equal(express, badges);
        view.Initiatives.Select(i => i.Id).Should().NotContain([shipped, carts]);
        closedBefore.Should().BeEmpty();
        closed.Should().ContainSingle().Which.Incident.ClosedOn.Should().Be(new DateOnly(2026, 12, 2));
        overview.Open.Should().BeEmpty();
        overview.Closed.Should().ContainSingle().Which.Initiatives.Should().HaveCount(2);
        openNow.Any.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OpenIncidents_SayWhichInitiativesToHighlight(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await SeedAsync(harness);
        var themeId = await AuditTrailTests.ThemeIdAsync(harness, "Conversion optimisation");
        var express = await LinkedInitiativeAsync(harness, themeId, "Express checkout", FunnelStep.CheckoutCompleted);
        var carts = await LinkedInitiativeAsync(harness, themeId, "Saved carts", FunnelStep.AddToCart);
        await harness.Incidents().EvaluateAsync(FallEnds, Ct);

        var open = await harness.Incidents().OpenAsync(Ct);

        open.Any.Should().BeTrue();
        open.Steps.Should().Equal(FunnelStep.CheckoutCompleted);
        open.For(express).Should().ContainSingle().Which.Step.Should().Be(FunnelStep.CheckoutCompleted);
        open.For(carts).Should().BeEmpty();
    }

    [Fact]
    public void Settings_AreBoundFromIncidents_AndOnesThatCannotWorkFailSayingWhy()
    {
        static IncidentOptions Resolve(params (string Key, string Value)[] settings) =>
            new ServiceCollection()
                .AddIncidents(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build())
                .BuildServiceProvider()
                .GetRequiredService<IOptions<IncidentOptions>>().Value;

        var defaults = Resolve();
        var configured = Resolve(("Incidents:DropThreshold", "0.3"), ("Incidents:MinimumVolume", "250"));
        var wrong = () => Resolve(("Incidents:DropThreshold", "20"), ("Incidents:MinimumVolume", "0"));

        (defaults.DropThreshold, defaults.MinimumVolume).Should().Be((0.2, 100L));
        configured.Thresholds.Should().Be(IncidentThresholds.Create(0.3, 250));
        wrong.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("Incidents:DropThreshold 20: The drop threshold must be a fraction between 0 and 1")
            .And.Contain("Incidents:MinimumVolume 0:");
    }

    /// <summary>The shop of the tests above: 20 October to 10 December 2026.</summary>
    internal static async Task SeedAsync(ServiceHarness harness)
    {
        var shop = await EvidenceStoreTests.AddSourceAsync(harness, "shop");
        var analytics = await EvidenceStoreTests.AddSourceAsync(harness, "analytics");
        var dates = Enumerable.Range(0, 52).Select(n => new DateOnly(2026, 10, 20).AddDays(n)).ToList();
        bool Fall(DateOnly d) => d >= FallStarts && d <= FallEnds;

        await new EvidenceStore(harness.Db()).SaveAsync(shop,
            dates.Select(d => Day(d, sessions: 4_000, views: 2_000, carts: 1_000, started: 600, completed: Fall(d) ? 18 : 30))
                .Concat(dates.Where(Fall).Select(d => Day(d, sessions: 20_000, views: 10_000, carts: 6_000, started: 5_000, completed: 1_000, segment: "mobile")))
                .ToList(),
            Ct);
        await new EvidenceStore(harness.Db()).SaveAsync(analytics,
            dates.Select(d => Day(d, sessions: 0, views: 0, carts: 0, started: 400, completed: Fall(d) ? 17 : 20)).ToList(),
            Ct);
    }

    private static FunnelDay Day(DateOnly date, long sessions, long views, long carts, long started, long completed, string segment = "") => new()
    {
        Date = date,
        Segment = segment,
        Sessions = sessions,
        ProductViews = views,
        AddToCart = carts,
        CheckoutStarted = started,
        CheckoutCompleted = completed,
        RevenueMinor = completed * 4_000,
        Currency = "GBP",
    };

    private static async Task<int> LinkedInitiativeAsync(ServiceHarness harness, int themeId, string title, FunnelStep step, string status = "Idea")
    {
        var outcome = await harness.Initiatives().CreateAsync(new InitiativeInput
        {
            Title = title,
            ThemeId = themeId,
            Horizon = "Short",
            Status = status,
            Reach = 2000,
            Impact = 1,
            Confidence = 0.8,
            Effort = 2,
        }, Ct);
        outcome.IsOk.Should().BeTrue();
        var id = outcome.Value!.Initiative.Id;
        await using var db = harness.Db();
        db.EvidenceLinks.Add(EvidenceLink.Create(id, new EvidenceLinkDefinition([], [], [], step), harness.Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<List<string>> SnapshotAsync(ServiceHarness harness)
    {
        await using var db = harness.Db();
        return (await db.FunnelIncidents.AsNoTracking().OrderBy(i => i.Id).ToListAsync())
            .Select(i => $"{i.Id} {i.Step} {i.Rule} {i.Baseline:R} {i.Observed:R} {i.ChangePct:R} {i.OpenedOn} {i.ClosedOn} {i.LastCheckedOn} {i.Explanation}")
            .ToList();
    }
}
