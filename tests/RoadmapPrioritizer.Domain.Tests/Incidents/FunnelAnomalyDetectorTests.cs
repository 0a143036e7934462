using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;

namespace RoadmapPrioritizer.Domain.Tests.Incidents;

/// <summary>
/// Synthetic daily funnels, judged on Monday 30 November 2026. The observed week is 24-30 Nov, the
/// week before 17-23 Nov and the trailing 28 days 27 Oct - 23 Nov. Every shop has 1,000 checkouts
/// started a day unless a test says otherwise; every expected figure is worked out in its comment.
/// </summary>
public class FunnelAnomalyDetectorTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 30);

    [Fact]
    public void AFallOfExactly20PercentWeekOverWeek_IsAnomalous_WithTheFiguresUnrounded()
    {
        // 50 of 1,000 a day (5%) for the 28 days before, then 40 of 1,000 (4%):
        // observed 280 / 7,000 = 0.04; week before 350 / 7,000 = 0.05; trailing 1,400 / 28,000 = 0.05.
        // change = 0.04 / 0.05 - 1 = -0.2 against both: a tie, reported as week over week.
        var days = Series(daysBefore => Shop(completed: daysBefore < 7 ? 40 : 50));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Anomalous);
        judgement.Observed.Should().Be(new FunnelWindow(new(2026, 11, 24), AsOf, 280, 7_000, 7));
        judgement.Observed.Conversion.Should().Be(0.04);
        judgement.Triggered!.Rule.Should().Be(IncidentRule.WeekOverWeek);
        judgement.Triggered.Window.Should().Be(new FunnelWindow(new(2026, 11, 17), new(2026, 11, 23), 350, 7_000, 7));
        judgement.Triggered.Window.Conversion.Should().Be(0.05);
        judgement.Triggered.Change.Should().BeApproximately(-0.2, 1e-12);
        judgement.Trailing.Window.Should().Be(new FunnelWindow(new(2026, 10, 27), new(2026, 11, 23), 1_400, 28_000, 28));
        judgement.Trailing.IsDrop.Should().BeTrue();
    }

    [Fact]
    public void AFallOf19Percent_IsNormal()
    {
        // 100 of 1,000 a day (10%), then 81 of 1,000 (8.1%): change = 567 / 700 - 1 = -0.19 against both baselines.
        var days = Series(daysBefore => Shop(completed: daysBefore < 7 ? 81 : 100));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Normal);
        judgement.Triggered.Should().BeNull();
        judgement.WeekOverWeek.Change.Should().BeApproximately(-0.19, 1e-12);
        judgement.Trailing.Change.Should().BeApproximately(-0.19, 1e-12);
        judgement.Explanation.Should().Be("Checkout completed: 8.1% (567 of 7,000) this week vs 10.0% (700 of 7,000) the week before (\u221219.0%) and 10.0% (2,800 of 28,000) the 28 days before (\u221219.0%)");
    }

    [Fact]
    public void AThresholdOf10Percent_MakesThe19PercentFallAnomalous()
    {
        var days = Series(daysBefore => Shop(completed: daysBefore < 7 ? 81 : 100));

        var judgement = FunnelAnomalyDetector.Judge(days, AsOf, IncidentThresholds.Create(0.1, 100)).Single(j => j.Step == FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Anomalous);
    }

    [Fact]
    public void ASlowSlideBelowTheTrailingBaseline_IsAnomalous_WhenTheWeekBeforeWasAlreadyLow()
    {
        // 100 of 1,000 a day for 21 days (27 Oct - 16 Nov), 75 a day in the week before, 70 a day this week.
        // Week over week: 490 / 525 - 1 = -6.7%, normal. Trailing: (2,100 + 525) / 28,000 = 0.09375;
        // observed 490 / 7,000 = 0.07; change = 0.07 / 0.09375 - 1 = -19/75 = -0.25333...
        var days = Series(daysBefore => Shop(completed: daysBefore switch { < 7 => 70, < 14 => 75, _ => 100 }));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Anomalous);
        judgement.WeekOverWeek.IsDrop.Should().BeFalse();
        judgement.WeekOverWeek.Change.Should().BeApproximately((490.0 / 525) - 1, 1e-12);
        judgement.Triggered!.Rule.Should().Be(IncidentRule.TrailingBaseline);
        judgement.Triggered.Window.Conversion.Should().Be(0.09375);
        judgement.Observed.Conversion.Should().Be(0.07);
        judgement.Triggered.Change.Should().BeApproximately(-19.0 / 75, 1e-12);
        judgement.Explanation.Should().Be("Checkout completed: 7.0% (490 of 7,000) this week vs 9.4% (2,625 of 28,000) the 28 days before (\u221225.3%)");
    }

    [Fact]
    public void WhenBothBaselinesFall_TheLargerDropIsReported()
    {
        // 100 a day for 21 days, 90 in the week before, 70 this week: w/w 490 / 630 - 1 = -22.2%;
        // trailing (2,100 + 630) / 28,000 = 0.0975, 0.07 / 0.0975 - 1 = -28.2%: the trailing drop is larger.
        var days = Series(daysBefore => Shop(completed: daysBefore switch { < 7 => 70, < 14 => 90, _ => 100 }));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.WeekOverWeek.IsDrop.Should().BeTrue();
        judgement.Triggered!.Rule.Should().Be(IncidentRule.TrailingBaseline);
        judgement.Triggered.Change.Should().BeApproximately((0.07 / 0.0975) - 1, 1e-12);
    }

    [Fact]
    public void TheExplanation_GivesTheArithmetic_AsTheIssueWrites_It()
    {
        // 5,000 checkouts started a week; 280 completed each week before, 205 this week:
        // 205 / 5,000 = 4.1% vs 280 / 5,000 = 5.6%: 205 / 280 - 1 = -26.79%.
        var days = Weeks(weekBefore => weekBefore == 0 ? 205 : 280, started: 5_000);

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Anomalous);
        judgement.Triggered!.Change.Should().BeApproximately((205.0 / 280) - 1, 1e-12);
        judgement.Explanation.Should().Be("Checkout completed: 4.1% (205 of 5,000) this week vs 5.6% (280 of 5,000) the week before (\u221226.8%)");
    }

    [Fact]
    public void EachStepIsJudgedOnItsOwnTransition()
    {
        // Add to cart halves this week (from 100 of 1,000 product views a day to 50): a -50% fall of
        // add to cart; the same 50 checkouts a day are now 100% of the carts instead of 50%, a rise;
        // product views per session and checkout completion do not move.
        var days = Series(daysBefore => daysBefore < 7
            ? new FunnelDay { Date = default, Sessions = 4_000, ProductViews = 1_000, AddToCart = 50, CheckoutStarted = 50, CheckoutCompleted = 25 }
            : new FunnelDay { Date = default, Sessions = 4_000, ProductViews = 1_000, AddToCart = 100, CheckoutStarted = 50, CheckoutCompleted = 25 });

        var judgements = FunnelAnomalyDetector.Judge(days, AsOf, IncidentThresholds.Default);

        judgements.Select(j => (j.Step, j.Verdict)).Should().Equal(
            (FunnelStep.ProductView, IncidentVerdict.Normal),
            (FunnelStep.AddToCart, IncidentVerdict.Anomalous),
            (FunnelStep.CheckoutStarted, IncidentVerdict.Normal),
            (FunnelStep.CheckoutCompleted, IncidentVerdict.Normal));
        judgements[1].Triggered!.Change.Should().BeApproximately(-0.5, 1e-12);
        judgements[2].WeekOverWeek.Change.Should().BeApproximately(1.0, 1e-12);
    }

    [Theory]
    [InlineData(99, IncidentVerdict.NotJudged)]
    [InlineData(100, IncidentVerdict.Anomalous)]
    public void AWeekWithFewerPeopleAtTheStepBeforeThanTheMinimum_IsNotJudged(long startedThisWeek, IncidentVerdict expected)
    {
        // 700 of 7,000 checkouts completed each week before (10%); this week none of 99 (or 100) started.
        // 100 is enough to judge: 0 / 100 against 10% is a -100% fall.
        var days = Weeks(weekBefore => weekBefore == 0 ? 0 : 700, started: 7_000, startedThisWeek: startedThisWeek);

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(expected);
        if (expected == IncidentVerdict.NotJudged)
        {
            judgement.Explanation.Should().Be("Checkout completed: not judged: checkout started this week: 99, fewer than the 100 needed");
            judgement.Triggered.Should().BeNull();
        }
    }

    [Theory]
    [InlineData(2, IncidentVerdict.Anomalous)]
    [InlineData(3, IncidentVerdict.NotJudged)]
    public void AWeekBeforeWithMissingDays_IsNotJudged(int missing, IncidentVerdict expected)
    {
        // The week before loses days (no funnel row at all): 5 of 7 are needed. The fall is 50%, so a judged step is anomalous.
        var days = Series(daysBefore => daysBefore is >= 7 and < 14 && daysBefore - 7 < missing ? null : Shop(completed: daysBefore < 7 ? 25 : 50));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(expected);
        judgement.WeekOverWeek.Window.DaysWithData.Should().Be(7 - missing);
        if (expected == IncidentVerdict.NotJudged)
        {
            judgement.Explanation.Should().Be("Checkout completed: not judged: the week before has data on 4 of 7 days (5 needed)");
        }
    }

    [Theory]
    [InlineData(8, IncidentVerdict.Anomalous)]
    [InlineData(9, IncidentVerdict.NotJudged)]
    public void ATrailingWindowWithMissingDays_IsNotJudged(int missing, IncidentVerdict expected)
    {
        // The oldest days of the trailing 28 are missing; 20 of 28 are needed.
        var days = Series(daysBefore => daysBefore >= 35 - missing ? null : Shop(completed: daysBefore < 7 ? 25 : 50));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(expected);
        judgement.Trailing.Window.DaysWithData.Should().Be(28 - missing);
    }

    [Fact]
    public void ADayWithNobodyAtTheStepBefore_HasNoDataForThatStep()
    {
        // Carts were not tracked for 3 days of this week (0 add to cart): checkout started has no data on
        // those days, while checkout completed (from checkouts started, still tracked) is judged as usual.
        var days = Series(daysBefore => daysBefore < 3
            ? new FunnelDay { Date = default, Sessions = 4_000, ProductViews = 1_000, AddToCart = 0, CheckoutStarted = 500, CheckoutCompleted = 50 }
            : Shop(completed: 50));

        var judgements = FunnelAnomalyDetector.Judge(days, AsOf, IncidentThresholds.Default);

        var started = judgements.Single(j => j.Step == FunnelStep.CheckoutStarted);
        started.Verdict.Should().Be(IncidentVerdict.NotJudged);
        started.Observed.DaysWithData.Should().Be(4);
        started.Explanation.Should().Be("Checkout started: not judged: this week has data on 4 of 7 days (5 needed)");
        judgements.Single(j => j.Step == FunnelStep.AddToCart).Verdict.Should().Be(IncidentVerdict.Anomalous, "no carts on 3 days is a fall of add to cart");
    }

    [Fact]
    public void RowsOfOneDateFromSeveralSources_AreAddedUp()
    {
        // Two sources of 500 checkouts started a day each, 25 completed each (5%); this week one of them completes 15: 40 of 1,000.
        var days = Series(daysBefore => Shop(completed: 25, started: 500))
            .Concat(Series(daysBefore => Shop(completed: daysBefore < 7 ? 15 : 25, started: 500)));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Observed.Should().Be(new FunnelWindow(new(2026, 11, 24), AsOf, 280, 7_000, 7));
        judgement.Triggered!.Change.Should().BeApproximately(-0.2, 1e-12);
    }

    [Fact]
    public void ABaselineOfZero_IsNothingToFallFrom()
    {
        var days = Series(_ => Shop(completed: 0));

        var judgement = Judge(days, FunnelStep.CheckoutCompleted);

        judgement.Verdict.Should().Be(IncidentVerdict.Normal);
        judgement.WeekOverWeek.Change.Should().BeNull();
        judgement.Explanation.Should().Contain("(no baseline)");
    }

    [Fact]
    public void Thresholds_AreValidated()
    {
        FluentActions.Invoking(() => IncidentThresholds.Create(0, 100)).Should().Throw<DomainException>().Which.Field.Should().Be("DropThreshold");
        FluentActions.Invoking(() => IncidentThresholds.Create(1, 100)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => IncidentThresholds.Create(double.NaN, 100)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => IncidentThresholds.Create(0.2, 0)).Should().Throw<DomainException>().Which.Field.Should().Be("MinimumVolume");
        FunnelAnomalyDetector.FirstDayNeeded(AsOf).Should().Be(new DateOnly(2026, 10, 27));
    }

    private static StepJudgement Judge(IEnumerable<FunnelDay> days, FunnelStep step) =>
        FunnelAnomalyDetector.Judge(days, AsOf, IncidentThresholds.Default).Single(j => j.Step == step);

    /// <summary>A shop of 4,000 sessions, 2,000 product views, 1,000 carts and <paramref name="started"/> checkouts a day.</summary>
    private static FunnelDay Shop(long completed, long started = 1_000) =>
        new() { Date = default, Sessions = 4_000, ProductViews = 2_000, AddToCart = 1_000, CheckoutStarted = started, CheckoutCompleted = completed };

    /// <summary>The 35 days up to <see cref="AsOf"/>, from a day's counts by how many days before it is (null: no row).</summary>
    private static List<FunnelDay> Series(Func<int, FunnelDay?> day) =>
        Enumerable.Range(0, 35)
            .Select(daysBefore => day(daysBefore) is { } d ? CopyOn(d, AsOf.AddDays(-daysBefore)) : null)
            .OfType<FunnelDay>()
            .ToList();

    /// <summary>
    /// Five weeks given as weekly totals (week 0 is the observed one), spread over their 7 days with
    /// the remainder on the first days, so the sums are exactly the totals.
    /// </summary>
    private static List<FunnelDay> Weeks(Func<int, long> completed, long started, long? startedThisWeek = null) =>
        Enumerable.Range(0, 35).Select(daysBefore =>
        {
            var week = daysBefore / 7;
            var dayOfWeek = daysBefore % 7;
            var weekStarted = week == 0 && startedThisWeek is { } s ? s : started;
            return new FunnelDay
            {
                Date = AsOf.AddDays(-daysBefore),
                Sessions = 10_000,
                ProductViews = 5_000,
                AddToCart = 2_000,
                CheckoutStarted = Spread(weekStarted, dayOfWeek),
                CheckoutCompleted = Spread(completed(week), dayOfWeek),
            };
        }).ToList();

    private static long Spread(long total, int dayOfWeek) => (total / 7) + (dayOfWeek < total % 7 ? 1 : 0);

    private static FunnelDay CopyOn(FunnelDay d, DateOnly date) => new()
    {
        Date = date,
        Sessions = d.Sessions,
        ProductViews = d.ProductViews,
        AddToCart = d.AddToCart,
        CheckoutStarted = d.CheckoutStarted,
        CheckoutCompleted = d.CheckoutCompleted,
    };
}
