using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Tests.Scoring;

public class BrandAlignmentTests
{
    private static readonly BrandCriterion[] Criteria =
    [
        BrandCriterion.Create("craft", "Craft storytelling", "", weight: 2, sortOrder: 1),
        BrandCriterion.Create("makers", "Artisan collaboration", "", weight: 1, sortOrder: 2),
        BrandCriterion.Create("community", "Community impact", "", weight: 1, sortOrder: 3),
    ];

    [Fact]
    public void Calculate_WeightedMeanWithUnratedAsZero()
    {
        // (2 x 5 + 1 x 3 + 1 x 0) / (2 + 1 + 1) = 13 / 4
        var fit = BrandAlignment.Calculate(Criteria, new Dictionary<string, int> { ["craft"] = 5, ["makers"] = 3 });

        fit.Score.Should().Be(3.25);
        fit.Multiplier.Should().BeApproximately(1.15, 1e-12);
        fit.Lines.Select(l => l.Rating).Should().Equal(5, 3, null);
    }

    [Fact]
    public void Multiplier_RunsFromHalfToOneAndAHalf()
    {
        BrandAlignment.Calculate(Criteria, new Dictionary<string, int>()).Multiplier.Should().Be(0.5);
        BrandAlignment.Calculate(Criteria, Criteria.ToDictionary(c => c.Key, _ => 5)).Multiplier.Should().Be(1.5);
        BrandAlignment.Calculate(Criteria, Criteria.ToDictionary(c => c.Key, _ => 0)).Multiplier.Should().Be(0.5);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    public void IsLowFit_BelowTwoOfFive(int rating, bool low) =>
        BrandAlignment.Calculate(Criteria, Criteria.ToDictionary(c => c.Key, _ => rating)).IsLowFit.Should().Be(low);

    [Fact]
    public void Explain_ShowsTheArithmetic()
    {
        var fit = BrandAlignment.Calculate(Criteria, new Dictionary<string, int> { ["craft"] = 5, ["makers"] = 3 });

        fit.Explain().Should().Be("(2×5 + 1×3 + 1×0) ÷ 4 = 3.25 of 5; multiplier 0.5 + 3.25 ÷ 5 = 1.15");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    [InlineData(2.5)]
    [InlineData(double.NaN)]
    public void Rating_OutsideWholeZeroToFive_IsRejected(double rating) =>
        BrandRating.Validate(rating).Should().NotBeNull();

    [Fact]
    public void Priority_IsRiceTimesMultiplier()
    {
        var rice = RiceScore.Calculate(Reach.Create(2000), Impact.Medium, Confidence.Medium, Effort.Create(4)); // 400
        var fit = BrandAlignment.Calculate(Criteria, new Dictionary<string, int> { ["craft"] = 5, ["makers"] = 3 }); // x1.15

        PriorityScore.Calculate(rice, fit).Value.Should().BeApproximately(460, 1e-9);
    }

    [Fact]
    public void DefaultCriteria_AreTheFourArtisanValues()
    {
        BrandCriterion.Defaults().Select(c => c.Key).Should().Equal(
            "craft_storytelling", "artisan_collaboration", "community_impact", "uniqueness_customisation");
    }
}
