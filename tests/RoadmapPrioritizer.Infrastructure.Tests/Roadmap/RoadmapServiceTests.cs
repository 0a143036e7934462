using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Roadmap;

public class RoadmapServiceTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RankAll_DemoRoadmap_RanksOnlyWorkStillToDo_OneToN_ByPriority(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);

        var all = await harness.Roadmap().RankAllAsync(CancellationToken.None);

        var ranked = all.Where(s => s.Rank is not null).ToList();
        ranked.Select(s => s.Rank!.Value).Should().Equal(Enumerable.Range(1, ranked.Count));
        ranked.Should().OnlyContain(s => s.Initiative.Status.IsRanked());
        ranked.Select(s => s.Score.Value).Should().BeInDescendingOrder();
        all.Where(s => s.Rank is null).Should().OnlyContain(s => !s.Initiative.Status.IsRanked());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_FiltersKeepOverallRanks(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        var all = await harness.Roadmap().RankAllAsync(CancellationToken.None);
        var someTheme = all.First(s => s.Rank is not null).Initiative.ThemeId;

        var filtered = await harness.Roadmap().QueryAsync(new RoadmapQuery(ThemeId: someTheme, Horizon: Horizon.Short), CancellationToken.None);

        var expected = all.Where(s => s.Rank is not null && s.Initiative.ThemeId == someTheme && s.Initiative.Horizon == Horizon.Short).ToList();
        filtered.Select(s => (s.Initiative.Id, s.Rank)).Should().Equal(expected.Select(s => (s.Initiative.Id, s.Rank)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_StatusFilters(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();
        var total = await db.Initiatives.CountAsync();
        var parked = await db.Initiatives.CountAsync(i => i.Status == InitiativeStatus.Parked);

        var everything = await harness.Roadmap().QueryAsync(new RoadmapQuery(AllStatuses: true), CancellationToken.None);
        var onlyParked = await harness.Roadmap().QueryAsync(new RoadmapQuery(Status: InitiativeStatus.Parked), CancellationToken.None);

        everything.Should().HaveCount(total);
        onlyParked.Should().HaveCount(parked).And.OnlyContain(s => s.Rank == null);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_SortByRiceDescending(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);

        var rows = await harness.Roadmap().QueryAsync(new RoadmapQuery(Sort: RoadmapSort.Rice, Descending: true), CancellationToken.None);

        rows.Select(s => s.Initiative.Reach.Value * s.Initiative.Impact.Value * s.Initiative.Confidence.Value / s.Initiative.Effort.Value)
            .Should().BeInDescendingOrder();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SetLaneKpi_ChangesTheLaneHeading(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        var invalid = await harness.Roadmap().SetLaneKpiAsync(Horizon.Mid, " ", null, CancellationToken.None);
        var ok = await harness.Roadmap().SetLaneKpiAsync(Horizon.Mid, "Repeat-purchase rate", "above 30%", CancellationToken.None);

        invalid.Errors.Should().ContainKey("kpi");
        ok.IsOk.Should().BeTrue();
        var lanes = await harness.Roadmap().GetLanesAsync(CancellationToken.None);
        lanes.Select(l => (l.Lane.Horizon, l.Lane.Kpi)).Should().Equal(
            (Horizon.Short, "Cart abandonment rate"), (Horizon.Mid, "Repeat-purchase rate"), (Horizon.Long, "Customer lifetime value"));
    }
}
