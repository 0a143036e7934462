using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Domain.Tests.Rescoring;

public sealed class WilsonIntervalTests
{
    // Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Statistics in Medicine 17 (1998), Table II, method 3 (Wilson score, no continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Calculate_matches_Newcombes_published_intervals(int successes, int trials, double lower, double upper)
    {
        var interval = WilsonInterval.Calculate(successes, trials);

        interval.Lower.Should().BeApproximately(lower, 0.00005);
        interval.Upper.Should().BeApproximately(upper, 0.00005);
    }

    [Fact]
    public void With_no_trials_nothing_is_known()
    {
        WilsonInterval.Calculate(0, 0).Should().Be(new WilsonInterval(0, 1));
    }

    [Fact]
    public void More_successes_than_trials_is_refused()
    {
        var act = () => WilsonInterval.Calculate(5, 4);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
