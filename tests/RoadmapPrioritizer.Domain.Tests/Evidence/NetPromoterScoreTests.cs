using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Tests.Evidence;

public class NetPromoterScoreTests
{
    [Theory]
    [InlineData(10, NpsCategory.Promoter)]
    [InlineData(9, NpsCategory.Promoter)]
    [InlineData(8, NpsCategory.Passive)]
    [InlineData(7, NpsCategory.Passive)]
    [InlineData(6, NpsCategory.Detractor)]
    [InlineData(0, NpsCategory.Detractor)]
    public void Categorize_UsesBainsBands(double score, NpsCategory expected) =>
        NetPromoterScore.Categorize(score).Should().Be(expected);

    [Fact]
    public void Value_IsPercentPromotersMinusPercentDetractors_Unrounded()
    {
        // 5 promoters, 3 passives, 4 detractors of 12: 41.67% - 33.33% = 8.33.
        var nps = new NetPromoterScore(Promoters: 5, Passives: 3, Detractors: 4);

        nps.Responses.Should().Be(12);
        nps.Value.Should().BeApproximately(100.0 / 12, 1e-12);
    }

    [Fact]
    public void Value_WithNoResponses_IsNull_NotZero() =>
        default(NetPromoterScore).Value.Should().BeNull();

    [Fact]
    public void Sum_AddsEachCategory() =>
        (new NetPromoterScore(1, 2, 3) + new NetPromoterScore(4, 5, 6)).Should().Be(new NetPromoterScore(5, 7, 9));
}
