using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;

namespace RoadmapPrioritizer.Domain.Tests.Incidents;

/// <summary>
/// An incident's life on a synthetic shop of 1,000 checkouts started a day that completed 50 (5%)
/// until 24 November 2026 and 35 (3.5%) from then on, until it recovers to 50 from 1 December.
/// </summary>
public class FunnelIncidentTests
{
    private static readonly DateOnly DropStarts = new(2026, 11, 24);
    private static readonly DateOnly Recovers = new(2026, 12, 1);

    [Fact]
    public void Open_TakesTheTriggeringBaselineAndTheObservedWeek()
    {
        // On 30 Nov the observed week (24-30 Nov) is all 35s: 245 / 7,000 = 3.5% vs 350 / 7,000 = 5% (-30%).
        var incident = FunnelIncident.Open(JudgeOn(new(2026, 11, 30)));

        (incident.Step, incident.Metric, incident.Rule).Should().Be((FunnelStep.CheckoutCompleted, "conversion", IncidentRule.WeekOverWeek));
        (incident.OpenedOn, incident.LastCheckedOn, incident.ClosedOn).Should().Be((new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 30), (DateOnly?)null));
        incident.Observed.Should().Be(0.035);
        incident.Baseline.Should().Be(0.05);
        incident.ChangePct.Should().BeApproximately(-0.3, 1e-12);
        incident.IsOpen.Should().BeTrue();
        incident.Explanation.Should().Be("Checkout completed: 3.5% (245 of 7,000) this week vs 5.0% (350 of 7,000) the week before (\u221230.0%)");
    }

    [Fact]
    public void Update_TakesTheNewDaysFigures_AndSaysWhetherAnythingChanged()
    {
        var incident = FunnelIncident.Open(JudgeOn(new(2026, 11, 30)));

        // On 1 Dec the observed week 25 Nov - 1 Dec has six 35s and the recovered 50: 260 / 7,000 = 3.714%.
        // The week before (18-24 Nov) holds the first 35: 335 / 7,000 (-22.4%); the trailing 28 days
        // (28 Oct - 24 Nov) 27 x 50 + 35 = 1,385 / 28,000 (-24.9%), the larger drop.
        var changed = incident.Update(JudgeOn(Recovers));
        var again = incident.Update(JudgeOn(Recovers));

        changed.Should().BeTrue();
        again.Should().BeFalse("the same day judged again changes nothing");
        incident.Rule.Should().Be(IncidentRule.TrailingBaseline);
        incident.Observed.Should().BeApproximately(260.0 / 7_000, 1e-15);
        incident.Baseline.Should().BeApproximately(1_385.0 / 28_000, 1e-15);
        incident.ChangePct.Should().BeApproximately((260.0 * 28_000 / (7_000.0 * 1_385)) - 1, 1e-12);
        incident.LastCheckedOn.Should().Be(Recovers);
        incident.OpenedOn.Should().Be(new DateOnly(2026, 11, 30));
    }

    [Fact]
    public void Close_OnTheFirstNormalDay_KeepsTheDropsFiguresAndAddsTheRecovery()
    {
        var incident = FunnelIncident.Open(JudgeOn(new(2026, 11, 30)));
        // By 10 Dec the observed week (4-10 Dec) is all 50s again: 5% vs the week before (27 Nov - 3 Dec:
        // four 35s, three 50s = 290 / 7,000 = 4.14%, +20.7%) and the 28 days before (6 Nov - 3 Dec: 18 x 50 +
        // 7 x 35 + 3 x 50 = 1,295 / 28,000 = 4.625%, +8.1%).
        var recovered = JudgeOn(new(2026, 12, 10));
        recovered.Verdict.Should().Be(IncidentVerdict.Normal);

        incident.Close(recovered);

        incident.IsOpen.Should().BeFalse();
        (incident.ClosedOn, incident.LastCheckedOn).Should().Be((new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 10)));
        incident.ChangePct.Should().BeApproximately(-0.3, 1e-12, "a closed incident keeps the figures of its drop");
        incident.Explanation.Should().Be(
            "Checkout completed: 3.5% (245 of 7,000) this week vs 5.0% (350 of 7,000) the week before (\u221230.0%). " +
            "Recovered on 2026-12-10: Checkout completed: 5.0% (350 of 7,000) this week vs 4.1% (290 of 7,000) the week before (+20.7%) " +
            "and 4.6% (1,295 of 28,000) the 28 days before (+8.1%)");
    }

    [Fact]
    public void AnIncidentTakesOnlyCurrentJudgementsThatFitIt()
    {
        var incident = FunnelIncident.Open(JudgeOn(Recovers));

        FluentActions.Invoking(() => FunnelIncident.Open(JudgeOn(new(2026, 11, 20)))).Should().Throw<InvalidOperationException>("a normal day opens nothing");
        FluentActions.Invoking(() => incident.Update(JudgeOn(new(2026, 11, 30)))).Should().Throw<InvalidOperationException>("an earlier day than the last checked");
        FluentActions.Invoking(() => incident.Close(JudgeOn(Recovers))).Should().Throw<InvalidOperationException>("a day still anomalous does not close it");
        incident.Close(JudgeOn(new(2026, 12, 10)));
        FluentActions.Invoking(() => incident.Update(JudgeOn(new(2026, 12, 11)))).Should().Throw<InvalidOperationException>("a closed incident stays closed");
    }

    private static StepJudgement JudgeOn(DateOnly asOf)
    {
        var days = Enumerable.Range(0, FunnelAnomalyDetector.LookbackDays).Select(daysBefore =>
        {
            var date = asOf.AddDays(-daysBefore);
            return new FunnelDay
            {
                Date = date,
                Sessions = 4_000,
                ProductViews = 2_000,
                AddToCart = 1_000,
                CheckoutStarted = 1_000,
                CheckoutCompleted = date >= DropStarts && date < Recovers ? 35 : 50,
            };
        });
        return FunnelAnomalyDetector.Judge(days, asOf, IncidentThresholds.Default).Single(j => j.Step == FunnelStep.CheckoutCompleted);
    }
}
