using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Roadmap;

public class InitiativeServiceTests
{
    private static InitiativeInput Valid(int themeId, string title = "Gift notes") => new()
    {
        Title = title,
        ThemeId = themeId,
        Horizon = "Short",
        Reach = 650,
        Impact = 0.5,
        Confidence = 0.8,
        Effort = 0.5,
        BrandAlignment = new Dictionary<string, double> { ["craft_storytelling"] = 4, ["community_impact"] = 2 },
    };

    private static async Task<int> FirstThemeIdAsync(ServiceHarness harness)
    {
        await using var db = harness.Db();
        return await db.Themes.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_Valid_StoresInputsExactlyAndScoresThem(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var themeId = await FirstThemeIdAsync(harness);

        var outcome = await harness.Initiatives().CreateAsync(Valid(themeId) with { Reach = 1000, Impact = 0.25, Effort = 3 }, CancellationToken.None);

        outcome.IsOk.Should().BeTrue();
        var stored = await harness.Initiatives().GetAsync(outcome.Value!.Initiative.Id, CancellationToken.None);
        stored!.Initiative.Status.Should().Be(InitiativeStatus.Idea);
        stored.Rank.Should().Be(1);
        // 1000 x 0.25 x 0.8 / 3, unrounded; fit (4 + 0 + 2 + 0) / 4 = 1.5; multiplier 0.5 + 1.5/5 = 0.8
        stored.Score.Rice.Value.Should().Be(1000 * 0.25 * 0.8 / 3);
        stored.Score.Alignment.Score.Should().Be(1.5);
        stored.Score.Value.Should().BeApproximately(1000 * 0.25 * 0.8 / 3 * 0.8, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_EveryFieldWrong_ReportsEveryFieldAndWritesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var input = new InitiativeInput
        {
            Title = " ",
            ThemeId = 999,
            Horizon = "Soon",
            FunnelArea = "Basket",
            Status = "Done",
            Reach = -1,
            Impact = 1.5,
            Confidence = 0,
            Effort = 0,
            BrandAlignment = new Dictionary<string, double> { ["craft_storytelling"] = 6, ["vibes"] = 3 },
        };

        var outcome = await harness.Initiatives().CreateAsync(input, CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Invalid);
        outcome.Errors.Keys.Should().BeEquivalentTo(
            "title", "themeId", "horizon", "funnelArea", "status", "reach", "impact", "confidence", "effort",
            "brandAlignment.craft_storytelling", "brandAlignment.vibes");
        await using var db = harness.Db();
        (await db.Initiatives.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_InArchivedTheme_IsRefused_ButAnExistingInitiativeMayStay(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var themeId = await FirstThemeIdAsync(harness);
        var existing = await harness.Initiatives().CreateAsync(Valid(themeId), CancellationToken.None);
        await harness.Themes().UpdateAsync(themeId, new ThemeInput(null, Archived: true), CancellationToken.None);

        var refused = await harness.Initiatives().CreateAsync(Valid(themeId, "Another"), CancellationToken.None);
        var kept = await harness.Initiatives().UpdateAsync(existing.Value!.Initiative.Id, new InitiativeInput { Title = "Gift notes, handwritten" }, CancellationToken.None);

        refused.Errors.Should().ContainKey("themeId").WhoseValue.Single().Should().Contain("archived");
        kept.IsOk.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_OnlySentFields_OthersKeepTheirValues(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var themeId = await FirstThemeIdAsync(harness);
        var created = await harness.Initiatives().CreateAsync(Valid(themeId) with { Owner = "Priya", FunnelArea = "Checkout" }, CancellationToken.None);

        var updated = await harness.Initiatives().UpdateAsync(created.Value!.Initiative.Id, new InitiativeInput { Reach = 900, Status = "Planned" }, CancellationToken.None);

        var i = updated.Value!.Initiative;
        (i.Reach.Value, i.Status, i.Title, i.Owner, i.FunnelArea, i.Effort.Value).Should().Be((900d, InitiativeStatus.Planned, "Gift notes", "Priya", FunnelArea.Checkout, 0.5));
        i.RatingsByCriterion.Should().Equal(new Dictionary<string, int> { ["craft_storytelling"] = 4, ["community_impact"] = 2 });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_Invalid_ChangesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var themeId = await FirstThemeIdAsync(harness);
        var created = await harness.Initiatives().CreateAsync(Valid(themeId), CancellationToken.None);
        var id = created.Value!.Initiative.Id;

        var outcome = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Title = "Renamed", Effort = -1 }, CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Invalid);
        var stored = await harness.Initiatives().GetAsync(id, CancellationToken.None);
        (stored!.Initiative.Title, stored.Initiative.Effort.Value).Should().Be(("Gift notes", 0.5));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ParkAndDelete(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var themeId = await FirstThemeIdAsync(harness);
        var a = (await harness.Initiatives().CreateAsync(Valid(themeId, "A"), CancellationToken.None)).Value!.Initiative.Id;
        var b = (await harness.Initiatives().CreateAsync(Valid(themeId, "B") with { Reach = 10 }, CancellationToken.None)).Value!.Initiative.Id;

        var parked = await harness.Initiatives().ParkAsync(a, expectedVersion: null, CancellationToken.None);
        var deleted = await harness.Initiatives().DeleteAsync(b, expectedVersion: null, CancellationToken.None);

        parked.Value!.Rank.Should().BeNull();
        parked.Value.Initiative.Status.Should().Be(InitiativeStatus.Parked);
        deleted.Should().Be(OutcomeStatus.Ok);
        (await harness.Initiatives().DeleteAsync(b, expectedVersion: null, CancellationToken.None)).Should().Be(OutcomeStatus.NotFound);
        (await harness.Initiatives().ParkAsync(b, expectedVersion: null, CancellationToken.None)).Status.Should().Be(OutcomeStatus.NotFound);
        await using var db = harness.Db();
        (await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM initiative_brand_ratings WHERE initiative_id = {0}", b).SingleAsync())
            .Should().Be(0, "ratings go with their initiative");
    }
}
