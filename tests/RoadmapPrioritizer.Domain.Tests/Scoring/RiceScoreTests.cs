using RoadmapPrioritizer.Domain;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Tests.Scoring;

public class RiceScoreTests
{
    // The three projects in Sean McBride's "RICE: Simple prioritization for product managers"
    // (Intercom, 2016): reach per quarter, impact, confidence, effort in person-months, and the
    // scores worked out by hand from the article's figures.
    [Theory]
    [InlineData(450, 3, 1.0, 2, 675)] // Project 1: 500 a month x 30% x 3 months, massive, 100%, 2 pm
    [InlineData(2000, 1, 0.8, 4, 400)] // Project 2: every user of the feature, medium, 80%, 4 pm
    [InlineData(800, 2, 0.5, 1, 800)] // Project 3: one-off for 800 customers, high, 50%, 1 pm
    [InlineData(2000, 2, 0.8, 4, 800)] // "Feature A", a common textbook restatement
    public void Calculate_PublishedWorkedExamples_MatchTheArticle(double reach, double impact, double confidence, double effort, double expected)
    {
        var rice = RiceScore.Calculate(Reach.Create(reach), Impact.Create(impact), Confidence.Create(confidence), Effort.Create(effort));

        rice.Value.Should().Be(expected);
    }

    [Fact]
    public void Calculate_KeepsFullPrecision()
    {
        var rice = RiceScore.Calculate(Reach.Create(1000), Impact.Create(0.25), Confidence.Create(0.8), Effort.Create(3));

        rice.Value.Should().BeApproximately(200.0 / 3.0, 1e-12).And.NotBe(66.7);
    }

    [Fact]
    public void Explain_ShowsEachInputAndTheResult()
    {
        var rice = RiceScore.Calculate(Reach.Create(450), Impact.Massive, Confidence.High, Effort.Create(2));

        rice.Explain().Should().Be("450 × 3 × 100% ÷ 2 = 675.0");
    }

    [Theory]
    [InlineData(3, "Massive")]
    [InlineData(2, "High")]
    [InlineData(1, "Medium")]
    [InlineData(0.5, "Low")]
    [InlineData(0.25, "Minimal")]
    public void Impact_AcceptsIntercomsFiveValues(double value, string name)
    {
        var impact = Impact.Create(value);

        impact.Value.Should().Be(value);
        impact.Name.Should().Be(name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(0.3)]
    [InlineData(double.NaN)]
    public void Impact_RejectsAnythingElse(double value)
    {
        var act = () => Impact.Create(value);

        act.Should().Throw<DomainException>().Which.Field.Should().Be("Impact");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.0001)]
    [InlineData(2)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Confidence_OutsideZeroToOne_IsRejected(double value) =>
        Confidence.Validate(value).Should().NotBeNull();

    [Theory]
    [InlineData(1.0, "High", false)]
    [InlineData(0.8, "Medium", false)]
    [InlineData(0.5, "Low", false)]
    [InlineData(0.49, "Moonshot", true)]
    [InlineData(0.01, "Moonshot", true)]
    public void Confidence_PresetsAndMoonshots(double value, string label, bool moonshot)
    {
        var confidence = Confidence.Create(value);

        confidence.Label.Should().Be(label);
        confidence.IsMoonshot.Should().Be(moonshot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(0.001)]
    [InlineData(1201)]
    [InlineData(double.NegativeInfinity)]
    public void Effort_ZeroNegativeOrAbsurd_IsRejected(double value) =>
        Effort.Validate(value).Should().NotBeNull();

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000_001)]
    [InlineData(double.NaN)]
    public void Reach_NegativeOrAbsurd_IsRejected(double value) =>
        Reach.Validate(value).Should().NotBeNull();

    [Fact]
    public void Reach_Zero_IsAllowedAndScoresZero()
    {
        var rice = RiceScore.Calculate(Reach.Create(0), Impact.Massive, Confidence.High, Effort.Create(1));

        rice.Value.Should().Be(0);
    }

    [Fact]
    public void Calculate_LargestAllowedInputs_StayFinite()
    {
        var rice = RiceScore.Calculate(Reach.Create(Reach.Maximum), Impact.Massive, Confidence.High, Effort.Create(Effort.Minimum));

        double.IsFinite(rice.Value).Should().BeTrue();
    }
}
