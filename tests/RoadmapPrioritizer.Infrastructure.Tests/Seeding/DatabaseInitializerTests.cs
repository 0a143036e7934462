using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Seeding;

public class DatabaseInitializerTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_EmptyDatabaseWithDemo_LoadsARoadmapCoveringEveryThemeHorizonAndStatus(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();

        var initiatives = await db.Initiatives.ToListAsync();
        var themes = await db.Themes.ToListAsync();

        initiatives.Should().HaveCountGreaterThanOrEqualTo(20);
        themes.Select(t => t.Name).Should().Contain(Theme.Defaults.Select(d => d.Name));
        themes.Should().OnlyContain(t => initiatives.Any(i => i.ThemeId == t.Id), "every theme has demo initiatives");
        initiatives.Select(i => i.Horizon).Distinct().Should().BeEquivalentTo(Enum.GetValues<Horizon>());
        initiatives.Select(i => i.Status).Distinct().Should().BeEquivalentTo(Enum.GetValues<InitiativeStatus>());
        initiatives.Should().OnlyContain(i => i.BrandRatings.Count == 4);
        (await db.BrandCriteria.CountAsync()).Should().Be(4);
        (await db.HorizonLanes.Select(l => l.Kpi).ToListAsync()).Should().BeEquivalentTo(
            "Cart abandonment rate", "Product-page conversion rate", "Customer lifetime value");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_Again_AddsNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var before = harness.Db();
        var counts = (await before.Themes.CountAsync(), await before.Initiatives.CountAsync());

        await harness.Initializer().InitializeAsync(seedDemoData: true, CancellationToken.None);

        await using var after = harness.Db();
        (await after.Themes.CountAsync(), await after.Initiatives.CountAsync()).Should().Be(counts);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Initialize_WithoutDemo_SeedsDefaultsOnly(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: false);
        await using var db = harness.Db();

        (await db.Initiatives.CountAsync()).Should().Be(0);
        (await db.Themes.OrderBy(t => t.Id).Select(t => t.Name).ToListAsync()).Should().Equal(Theme.Defaults.Select(d => d.Name));
        (await db.BrandCriteria.CountAsync()).Should().Be(4);
    }
}
