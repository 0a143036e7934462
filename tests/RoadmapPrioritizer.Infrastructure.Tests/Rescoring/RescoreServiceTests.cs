using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Rescoring;

/// <summary>
/// A small shop imported through the CSV path, rescored on a fixed clock (2026-11-22, so the window is
/// 2026-08-24 to 2026-11-21). Every expected figure is worked out by hand in the comments.
/// </summary>
public sealed class RescoreServiceTests
{
    // A: 12 of 40 exit-intent responses cite shipping cost; checkout started 50 a day, completed 20, for 10 days.
    //    reach 500 ÷ 10 × 91.3125 = 4,565.625 ≈ 4,566; lost 30% × 60% = 18% → impact 2; Wilson 12/40 27.4 points → 50%.
    //    RICE 4,566 × 2 × 0.5 ÷ 2 = 2,283; no brand ratings → × 0.5 = 1,141.5.
    private const double ReachA = 4566;

    // B: nothing linked; 1,000 × 1 × 80% ÷ 1 = 800, × 0.5 = 400.
    // C: keyword "gift wrap" in any survey type: 60 responses say something (40 exit + 5 post-purchase + 15 requests),
    //    5 match ("wrapping" does not) → 8.3%, no step → medium (1); Wilson 5/60 14.5 points → 80%; requests from
    //    2 detractors + 3 unknown = 7 weighted, 7.1 a quarter (< 20, no lift). Reach stays 500: 500 × 1 × 0.8 ÷ 1 = 400, × 0.5 = 200.
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_DerivesInputsFromEvidence_AsWorkedOutByHand(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (a, b, c) = await ArrangeShopAsync(harness);

        var run = await harness.Rescore().RunAsync(RunTrigger.Manual, "pm@example.com", CancellationToken.None);

        run!.State.Should().Be(RunState.Succeeded);
        (run.Initiatives, run.Changed).Should().Be((3, 2));
        await using var db = harness.Db();
        var byId = await db.Initiatives.AsNoTracking().ToDictionaryAsync(i => i.Id);
        (byId[a].Reach.Value, byId[a].Impact.Value, byId[a].Confidence.Value).Should().Be((ReachA, 2d, 0.5));
        (byId[b].Reach.Value, byId[b].Impact.Value, byId[b].Confidence.Value).Should().Be((1000d, 1d, 0.8));
        (byId[c].Reach.Value, byId[c].Impact.Value, byId[c].Confidence.Value).Should().Be((500d, 1d, 0.8));

        var snapshots = await db.ScoreSnapshots.AsNoTracking().Where(s => s.RunId == run.Id).ToDictionaryAsync(s => s.InitiativeId);
        (snapshots[a].RiceScore, snapshots[a].PriorityScore, snapshots[a].Rank).Should().Be((2283d, 1141.5, 1));
        (snapshots[b].PriorityScore, snapshots[b].Rank).Should().Be((400d, 2));
        (snapshots[c].PriorityScore, snapshots[c].Rank).Should().Be((200d, 3));
        snapshots[a].Details.Reach.Origin.Should().Be(InputOrigin.Derived);
        snapshots[a].Details.Evidence.Should().Be(new SnapshotEvidence(40, 12, 0, 0, 500, 200, 10, 0, new DateOnly(2026, 11, 21)));
        snapshots[c].Details.Reach.Origin.Should().Be(InputOrigin.Manual);
        snapshots[c].Details.Evidence.Requests.Should().Be(5);
        snapshots[c].Details.Evidence.WeightedRequests.Should().Be(7);
        snapshots[b].Details.Impact.Should().Be(new InputState(InputOrigin.Manual, 1, null, "Entered by hand; no evidence is linked."));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_RecordsTheInputsItMoves_InTheAuditTrail_AndNothingForWhatItLeaves(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (a, b, c) = await ArrangeShopAsync(harness);
        harness.Clock.Now = ServiceHarness.Start.AddHours(1);

        await harness.Rescore().RunAsync(RunTrigger.Schedule, null, CancellationToken.None);

        var rows = (await harness.Audit().QueryAsync(new AuditQuery { EntityType = "Initiative", Action = AuditAction.Updated }, CancellationToken.None)).Items;
        rows.Select(r => r.EntityId).Should().BeEquivalentTo([a.ToString(CultureInfo.InvariantCulture), c.ToString(CultureInfo.InvariantCulture)], "B has no evidence linked");
        var moved = rows.Single(r => r.EntityId == a.ToString(CultureInfo.InvariantCulture));
        moved.Actor.Should().Be("system");
        moved.At.Should().Be(ServiceHarness.Start.AddHours(1).UtcDateTime);

        // A was entered as reach 100, impact 0.25, confidence 100% (see ArrangeShopAsync); C only moves impact, from 3 to 1.
        moved.Changes.Should().BeEquivalentTo(
        [
            new AuditChange("reach", "100", "4566"),
            new AuditChange("impact", "0.25", "2"),
            new AuditChange("confidence", "1", "0.5"),
            new AuditChange("updatedAt", "2026-11-22T02:00:00Z", "2026-11-22T03:00:00Z"),
        ]);
        rows.Single(r => r.EntityId == c.ToString(CultureInfo.InvariantCulture)).Changes.Select(x => (x.Field, x.Before, x.After))
            .Should().Contain(("impact", "3", "1"));

        // A second run on the same evidence moves nothing, so it records nothing.
        await harness.Rescore().RunAsync(RunTrigger.Schedule, null, CancellationToken.None);
        (await harness.Audit().QueryAsync(new AuditQuery { EntityType = "Initiative", Action = AuditAction.Updated }, CancellationToken.None)).Items
            .Should().HaveCount(2);
        await using var db = harness.Db();
        (await db.Initiatives.AsNoTracking().FirstAsync(i => i.Id == b)).Version.Should().Be(1, "B was never written");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_NeverOverwritesALockedInput_AndShowsWhatTheEvidenceSuggests(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (a, _, _) = await ArrangeShopAsync(harness);
        var locked = await harness.Links().SetLocksAsync(a, new Dictionary<ScoreInput, LockInput?> { [ScoreInput.Impact] = new(3, "Every carrier raised prices this month") }, "priya@example.com", CancellationToken.None);
        locked.IsOk.Should().BeTrue();

        var run = await harness.Rescore().RunAsync(RunTrigger.Manual, null, CancellationToken.None);

        await using var db = harness.Db();
        var initiative = await db.Initiatives.AsNoTracking().FirstAsync(i => i.Id == a);
        (initiative.Reach.Value, initiative.Impact.Value).Should().Be((ReachA, 3d));
        var snapshot = await db.ScoreSnapshots.AsNoTracking().FirstAsync(s => s.RunId == run!.Id && s.InitiativeId == a);
        snapshot.Details.Impact.Origin.Should().Be(InputOrigin.Locked);
        snapshot.Details.Impact.Suggested.Should().Be(2);
        snapshot.Details.Impact.Explanation.Should().Contain("Every carrier raised prices this month").And.Contain("priya@example.com");

        // RICE 4,566 × 3 × 0.5 ÷ 2 = 3,424.5.
        snapshot.RiceScore.Should().Be(3424.5);
        var inputs = await harness.Links().InputsAsync(a, CancellationToken.None);
        inputs.Select(i => (i.Input, i.Origin)).Should().Equal(
            (ScoreInput.Reach, InputOrigin.Derived), (ScoreInput.Impact, InputOrigin.Locked), (ScoreInput.Confidence, InputOrigin.Derived), (ScoreInput.Effort, InputOrigin.Manual));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_Twice_OnTheSameEvidence_GivesIdenticalSnapshots(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await ArrangeShopAsync(harness);

        var first = await harness.Rescore().RunAsync(RunTrigger.Manual, null, CancellationToken.None);
        var second = await harness.Rescore().RunAsync(RunTrigger.Schedule, null, CancellationToken.None);

        second!.Changed.Should().Be(0, "the first run already set what the evidence says");
        await using var db = harness.Db();
        var runs = await db.ScoreSnapshots.AsNoTracking().OrderBy(s => s.InitiativeId).ToListAsync();
        var one = runs.Where(s => s.RunId == first!.Id).Select(Comparable).ToList();
        var two = runs.Where(s => s.RunId == second.Id).Select(Comparable).ToList();
        one.Should().HaveCount(3).And.Equal(two);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_ThatFailsMidway_KeepsThePreviousSnapshotCurrent_AndChangesNoInput(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (a, _, _) = await ArrangeShopAsync(harness);
        var good = await harness.Rescore().RunAsync(RunTrigger.Manual, null, CancellationToken.None);
        await ImportAsync(harness, ImportKind.FunnelDaily, "date,sessions,product_views,add_to_cart,checkout_started,checkout_completed\n2026-11-11,1000,400,100,150,20\n");

        var failing = harness.Rescore(new FailOnRecordingSuccess());
        var act = () => failing.RunAsync(RunTrigger.Manual, null, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
        await using var db = harness.Db();
        var runs = await db.RescoreRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        runs.Select(r => r.State).Should().Equal(RunState.Succeeded, RunState.Failed);
        runs[1].Error.Should().Contain("disk full");
        (await db.ScoreSnapshots.CountAsync(s => s.RunId == runs[1].Id)).Should().Be(0);
        (await db.Initiatives.AsNoTracking().FirstAsync(i => i.Id == a)).Reach.Value.Should().Be(ReachA, "the failed run's new reach was rolled back");
        (await harness.Rescore().HistoryAsync(a, CancellationToken.None)).Select(p => p.Run.Id).Should().Equal(good!.Id);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Movement_BetweenRuns_NamesTheInputsAndEvidenceThatChanged(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (a, _, _) = await ArrangeShopAsync(harness);
        await harness.Rescore().RunAsync(RunTrigger.Manual, null, CancellationToken.None);

        // One more day: checkout started 150 (total 650 over 11 days), completed 20 (total 220).
        await ImportAsync(harness, ImportKind.FunnelDaily, "date,sessions,product_views,add_to_cart,checkout_started,checkout_completed\n2026-11-11,1000,400,100,150,20\n");
        await harness.Rescore().RunAsync(RunTrigger.Manual, null, CancellationToken.None);

        var history = await harness.Rescore().HistoryAsync(a, CancellationToken.None);
        history.Should().HaveCount(2);

        // 650 ÷ 11 × 91.3125 = 5,395.7386... ≈ 5,396; lost: 30% × (1 − 220/650 = 66.15%) = 19.8% → still high (2).
        history[1].Snapshot.Reach.Should().Be(5396);
        var lines = ScoreMovement.Explain(history[0].Snapshot, history[1].Snapshot);
        lines[0].Should().Be("Stays #1.");
        lines.Should().Contain(l => l.StartsWith("Reach 4,566 → 5,396 (derived)", StringComparison.Ordinal));
        lines.Should().Contain("Funnel: 200 of 500 reached the step over 10 days → 220 of 650 over 11 days.");
        lines.Should().NotContain(l => l.StartsWith("Impact", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Start_WhileARunIsUnderWay_ReturnsThatRun(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        var first = await harness.Rescore().StartAsync(RunTrigger.Manual, null, CancellationToken.None);
        var second = await harness.Rescore().StartAsync(RunTrigger.Manual, null, CancellationToken.None);
        harness.Clock.Now += RescoreService.AbandonedAfter + TimeSpan.FromMinutes(1);
        var third = await harness.Rescore().StartAsync(RunTrigger.Manual, null, CancellationToken.None);

        (first.Started, second.Started, second.Run.Id).Should().Be((true, false, first.Run.Id));
        third.Started.Should().BeTrue("a run left running for hours by a stopped process no longer blocks");
        (await harness.Rescore().FindRunAsync(first.Run.Id, CancellationToken.None))!.State.Should().Be(RunState.Failed);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rescore_EvaluatesYesterdaysFunnel_AndOpensAnIncidentForAFall(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        // 2026-10-18 to 2026-11-14: 20 of 50 checkouts completed a day (40%); 2026-11-15 to 2026-11-21: 10 of 50 (20%),
        // a 50% fall week over week and against the 28 days before: well past the 20% threshold.
        var funnel = new StringBuilder("date,sessions,product_views,add_to_cart,checkout_started,checkout_completed\n");
        for (var day = new DateOnly(2026, 10, 18); day <= new DateOnly(2026, 11, 21); day = day.AddDays(1))
        {
            funnel.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},1000,400,100,50,{(day >= new DateOnly(2026, 11, 15) ? 10 : 20)}\n");
        }

        await ImportAsync(harness, ImportKind.FunnelDaily, funnel.ToString());

        await harness.Rescore().RunAsync(RunTrigger.Schedule, null, CancellationToken.None);

        await using var db = harness.Db();
        var incident = await db.FunnelIncidents.AsNoTracking().SingleAsync();
        (incident.Step, incident.Observed, incident.ChangePct, incident.OpenedOn).Should().Be((FunnelStep.CheckoutCompleted, 0.2, -0.5, new DateOnly(2026, 11, 21)));
    }

    private static object Comparable(ScoreSnapshot s) =>
        (s.InitiativeId, s.Reach, s.Impact, s.Confidence, s.Effort, s.RiceScore, s.BrandFit, s.PriorityScore, s.Rank,
            System.Text.Json.JsonSerializer.Serialize(s.Details));

    private static async Task<(int A, int B, int C)> ArrangeShopAsync(ServiceHarness harness)
    {
        var csv = new StringBuilder("external_id,survey_type,submitted_at,reason,text,score,customer\n");
        for (var i = 0; i < 40; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"x{i},ExitIntent,2026-11-{1 + (i % 20):00},{(i < 12 ? "Shipping cost too high" : "Just browsing")},,,\n");
        }

        for (var i = 0; i < 5; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"p{i},PostPurchase,2026-11-10,Shipping cost too high,,,\n");
        }

        for (var i = 0; i < 10; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"w{i},FeatureRequest,2026-11-12,,Please offer gift wrapping,,\n");
        }

        string[] askers = ["ann@example.com", "bob@example.com", string.Empty, string.Empty, string.Empty];
        for (var i = 0; i < 5; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"g{i},FeatureRequest,2026-11-13,,Gift wrap please!,,{askers[i]}\n");
        }

        // Detractors (NPS 3 and 6) with no words: they sort the askers but count for no share.
        csv.Append("n1,NPS,2026-11-02,,,3,ann@example.com\nn2,NPS,2026-11-03,,,6,bob@example.com\n");

        // Outside the window (before 2026-08-24): ignored.
        csv.Append("old,ExitIntent,2026-08-01,Shipping cost too high,,,\n");
        await ImportAsync(harness, ImportKind.SurveyResponses, csv.ToString());

        var funnel = new StringBuilder("date,sessions,product_views,add_to_cart,checkout_started,checkout_completed,segment\n");
        for (var day = 12; day <= 21; day++)
        {
            funnel.Append(CultureInfo.InvariantCulture, $"2026-11-{day},1000,400,100,50,20,\n");
        }

        funnel.Append("2026-11-20,500,200,50,25,10,mobile\n2026-08-01,9999,9999,9999,9999,9999,\n");
        await ImportAsync(harness, ImportKind.FunnelDaily, funnel.ToString());

        var themeId = (await harness.Themes().ListAsync(CancellationToken.None))[0].Theme.Id;
        var a = await CreateAsync(harness, themeId, "Show shipping costs on product pages", reach: 100, impact: 0.25, confidence: 1, effort: 2);
        var b = await CreateAsync(harness, themeId, "Artisan profiles", reach: 1000, impact: 1, confidence: 0.8, effort: 1);
        var c = await CreateAsync(harness, themeId, "Gift wrapping", reach: 500, impact: 3, confidence: 0.5, effort: 1);
        var links = harness.Links();
        (await links.SetAsync(a, new EvidenceLinkDefinition(["shipping cost too high"], [], [SurveyType.ExitIntent], FunnelStep.CheckoutCompleted), CancellationToken.None)).IsOk.Should().BeTrue();
        (await links.SetAsync(c, new EvidenceLinkDefinition([], ["gift wrap"], [], null), CancellationToken.None)).IsOk.Should().BeTrue();
        return (a, b, c);
    }

    private static async Task<int> CreateAsync(ServiceHarness harness, int themeId, string title, double reach, double impact, double confidence, double effort)
    {
        var outcome = await harness.Initiatives().CreateAsync(
            new InitiativeInput { Title = title, ThemeId = themeId, Horizon = "Short", Reach = reach, Impact = impact, Confidence = confidence, Effort = effort },
            CancellationToken.None);
        outcome.IsOk.Should().BeTrue(string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        return outcome.Value!.Initiative.Id;
    }

    private static async Task ImportAsync(ServiceHarness harness, ImportKind kind, string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await harness.CsvImports().ImportAsync(stream, new ImportOptions { Kind = kind }, "test", CancellationToken.None);
        result.Rejected.Should().Be(0, string.Join("; ", result.Errors.Select(e => $"{e.Line} {e.Field} {e.Message}")));
    }

    /// <summary>Fails the run's last write, its success, after the inputs and snapshots were written in its transaction.</summary>
    private sealed class FailOnRecordingSuccess : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<RescoreRun>().Any(e => e.Entity.State == RunState.Succeeded))
            {
                throw new InvalidOperationException("disk full");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
