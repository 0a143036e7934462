using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Tests.Scoring;

public class RankingTests
{
    private static readonly BrandCriterion[] Criteria = [BrandCriterion.Create("fit", "Fit", "", 1, 1)];

    private sealed record Item(int Id, double Reach, double Effort, int Fit);

    private static PriorityScore Score(Item item) => PriorityScore.Calculate(
        RiceScore.Calculate(Reach.Create(item.Reach), Impact.Medium, Confidence.High, Effort.Create(item.Effort)),
        BrandAlignment.Calculate(Criteria, new Dictionary<string, int> { ["fit"] = item.Fit }));

    private static int[] RankedIds(params Item[] items) =>
        Ranking.Rank(items, Score, i => i.Id).Select(r => r.Item.Id).ToArray();

    [Fact]
    public void Rank_EqualRice_BetterBrandFitRanksHigher()
    {
        RankedIds(new Item(1, 100, 1, 2), new Item(2, 100, 1, 4), new Item(3, 100, 1, 3)).Should().Equal(2, 3, 1);
    }

    [Fact]
    public void Rank_HugeRiceWithNoFit_IsHalved()
    {
        // RICE 1000 with no fit: 1000 x 0.5 = 500, below RICE 600 with fit 3: 600 x 1.1 = 660.
        RankedIds(new Item(1, 1000, 1, 0), new Item(2, 600, 1, 3)).Should().Equal(2, 1);
    }

    [Fact]
    public void Rank_AssignsOneToN()
    {
        var ranked = Ranking.Rank([new Item(1, 10, 1, 1), new Item(2, 30, 1, 1), new Item(3, 20, 1, 1)], Score, i => i.Id);

        ranked.Select(r => (r.Item.Id, r.Rank)).Should().Equal((2, 1), (3, 2), (1, 3));
    }

    [Fact]
    public void Rank_ExactTie_OlderInitiativeFirst_WhateverTheInputOrder()
    {
        var a = new Item(7, 100, 2, 3);
        var b = new Item(3, 100, 2, 3);
        var c = new Item(5, 100, 2, 3);

        RankedIds(a, b, c).Should().Equal(3, 5, 7);
        RankedIds(c, a, b).Should().Equal(3, 5, 7);
    }

    [Fact]
    public void Rank_SamePriority_BetterFitWinsOverHigherRice()
    {
        // 150 x (0.5 + 0/5) = 75 and 50 x (0.5 + 5/5) = 75: same priority, so fit 5 beats fit 0.
        RankedIds(new Item(1, 150, 1, 0), new Item(2, 50, 1, 5)).Should().Equal(2, 1);
    }
}
