using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Roadmap;

/// <summary>Two people editing the same theme or initiative: the second save is refused, nothing is overwritten.</summary>
public class EditConflictTests
{
    private static readonly DateTime Created = ServiceHarness.Start.UtcDateTime;

    private static InitiativeInput Stored(int themeId) => new()
    {
        Title = "Gift notes",
        Description = string.Empty,
        ThemeId = themeId,
        Horizon = "Short",
        FunnelArea = string.Empty,
        Status = "Idea",
        Owner = string.Empty,
        TargetKpi = string.Empty,
        Reach = 2000,
        Impact = 1,
        Confidence = 0.8,
        Effort = 4,
        BrandAlignment = new Dictionary<string, double> { ["craft_storytelling"] = 5, ["artisan_collaboration"] = 3 },
    };

    private static async Task<(int ThemeId, int Id)> CreateAsync(ServiceHarness harness)
    {
        await using var db = harness.Db();
        var themeId = await db.Themes.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var created = await harness.Initiatives().CreateAsync(Stored(themeId), CancellationToken.None);
        created.Value!.Initiative.Version.Should().Be(1);
        return (themeId, created.Value.Initiative.Id);
    }

    private static async Task<Initiative> ReadAsync(ServiceHarness harness, int id)
    {
        await using var db = harness.Db();
        return await db.Initiatives.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_FromAnOlderVersion_IsRefusedWithWhatTheOtherPersonChanged_AndWritesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (themeId, id) = await CreateAsync(harness);
        var bothLoaded = Stored(themeId) with { Version = 1 };
        harness.Clock.Now = ServiceHarness.Start.AddHours(1);
        var first = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000, Version = 1 }, CancellationToken.None);
        harness.Clock.Now = ServiceHarness.Start.AddHours(2);

        var second = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Title = "Gift notes, handwritten", Version = 1 }, bothLoaded, CancellationToken.None);

        first.IsOk.Should().BeTrue();
        second.Status.Should().Be(OutcomeStatus.Stale);
        second.Value!.Initiative.Version.Should().Be(2, "the outcome carries the initiative as stored now");
        second.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]> { ["reach"] = ["Reach: 2,000 → 3,000 (changed by someone else)"] });
        var stored = await ReadAsync(harness, id);
        (stored.Title, stored.Reach.Value, stored.Version, stored.UpdatedAt).Should().Be(("Gift notes", 3000d, 2, ServiceHarness.Start.AddHours(1).UtcDateTime));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_FromTheCurrentVersion_Saves_AndEachSaveAddsOne(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);

        var first = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000, Version = 1 }, CancellationToken.None);
        var second = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Effort = 2, Version = 2 }, CancellationToken.None);

        (first.Value!.Initiative.Version, second.Value!.Initiative.Version).Should().Be((2, 3));
        var stored = await ReadAsync(harness, id);
        (stored.Reach.Value, stored.Effort.Value, stored.Version).Should().Be((3000d, 2d, 3));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_WithoutAVersion_IsAppliedToWhateverIsStored(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);

        await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000 }, CancellationToken.None);
        var second = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Title = "Gift notes, handwritten" }, CancellationToken.None);

        second.IsOk.Should().BeTrue();
        var stored = await ReadAsync(harness, id);
        (stored.Title, stored.Reach.Value, stored.Version).Should().Be(("Gift notes, handwritten", 3000d, 3));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_StaleWithoutStartingValues_ComparesTheFieldsTheRequestCarries(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000, Status = "Planned" }, CancellationToken.None);

        // As an integration sends it: a version and some fields, nothing about where it started.
        var outcome = await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Title = "Gift notes", Reach = 2500, Version = 1 }, CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Stale);
        outcome.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]> { ["reach"] = ["Reach: 2,500 → 3,000"] });
        (await ReadAsync(harness, id)).Reach.Value.Should().Be(3000);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoContextsLoadTheSameInitiative_TheConcurrencyTokenRefusesTheSecondSave(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        await using var first = harness.Db();
        await using var second = harness.Db();
        var a = await first.Initiatives.SingleAsync(i => i.Id == id);
        var b = await second.Initiatives.SingleAsync(i => i.Id == id);

        a.Park(Created.AddHours(1));
        await first.SaveChangesAsync();
        b.Park(Created.AddHours(2));
        var act = () => second.SaveChangesAsync();

        await act.Should().ThrowAsync<DbUpdateConcurrencyException>();
        var stored = await ReadAsync(harness, id);
        (stored.Status, stored.Version, stored.UpdatedAt).Should().Be((InitiativeStatus.Parked, 2, Created.AddHours(1)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_SomeoneSavesBetweenReadAndWrite_IsStale_EvenWithoutAVersion(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        var other = new SaveFirst(() => harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000 }, CancellationToken.None));

        var outcome = await harness.Initiatives(other).UpdateAsync(id, new InitiativeInput { Title = "Gift notes, handwritten" }, CancellationToken.None);

        other.Ran.Should().BeTrue();
        outcome.Status.Should().Be(OutcomeStatus.Stale);
        outcome.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]> { ["reach"] = ["Reach: 2,000 → 3,000 (changed by someone else)"] });
        var stored = await ReadAsync(harness, id);
        (stored.Title, stored.Reach.Value, stored.Version).Should().Be(("Gift notes", 3000d, 2));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_BothRateTheSameCriterionAtOnce_TheSecondIsStale(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        var ratings = new Dictionary<string, double> { ["craft_storytelling"] = 5, ["artisan_collaboration"] = 3 };
        var other = new SaveFirst(() => harness.Initiatives().UpdateAsync(
            id, new InitiativeInput { BrandAlignment = new Dictionary<string, double>(ratings) { ["uniqueness_customisation"] = 3 } }, CancellationToken.None));

        var outcome = await harness.Initiatives(other).UpdateAsync(
            id, new InitiativeInput { BrandAlignment = new Dictionary<string, double>(ratings) { ["uniqueness_customisation"] = 5 } }, CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Stale);
        outcome.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["brandAlignment.uniqueness_customisation"] = ["Uniqueness & customisation: not rated → 3 (changed by someone else)"],
        });
        (await ReadAsync(harness, id)).RatingsByCriterion.Should().Contain("uniqueness_customisation", 3);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ParkAndDelete_FromAnOlderVersion_AreRefused_AndChangeNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        await harness.Initiatives().UpdateAsync(id, new InitiativeInput { Status = "Planned" }, CancellationToken.None);

        var park = await harness.Initiatives().ParkAsync(id, expectedVersion: 1, CancellationToken.None);
        var delete = await harness.Initiatives().DeleteAsync(id, expectedVersion: 1, CancellationToken.None);

        park.Status.Should().Be(OutcomeStatus.Stale);
        park.Value!.Initiative.Version.Should().Be(2);
        delete.Should().Be(OutcomeStatus.Stale);
        var stored = await ReadAsync(harness, id);
        (stored.Status, stored.Version).Should().Be((InitiativeStatus.Planned, 2));

        (await harness.Initiatives().ParkAsync(id, expectedVersion: 2, CancellationToken.None)).Value!.Initiative.Version.Should().Be(3);
        (await harness.Initiatives().DeleteAsync(id, expectedVersion: 3, CancellationToken.None)).Should().Be(OutcomeStatus.Ok);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Delete_SomeoneSavesBetweenReadAndWrite_IsStale_AndKeepsTheInitiative(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (_, id) = await CreateAsync(harness);
        var other = new SaveFirst(() => harness.Initiatives().UpdateAsync(id, new InitiativeInput { Reach = 3000 }, CancellationToken.None));

        var outcome = await harness.Initiatives(other).DeleteAsync(id, expectedVersion: null, CancellationToken.None);

        outcome.Should().Be(OutcomeStatus.Stale);
        (await ReadAsync(harness, id)).Reach.Value.Should().Be(3000);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ThemeUpdate_FromAnOlderVersion_IsRefusedWithWhatTheOtherPersonChanged_AndWritesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = (await harness.Themes().CreateAsync(new ThemeInput("Gifting", "Presents for others", "#2f6f6a"), CancellationToken.None)).Value!.Id;
        var bothLoaded = new ThemeInput("Gifting", "Presents for others", "#2f6f6a", false, 1);
        await harness.Themes().UpdateAsync(id, bothLoaded with { Name = "Gifts" }, CancellationToken.None);

        var outcome = await harness.Themes().UpdateAsync(id, bothLoaded with { Colour = "#aa3355" }, bothLoaded, CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Stale);
        outcome.Value!.Version.Should().Be(2);
        outcome.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]> { ["name"] = ["Name: \"Gifting\" → \"Gifts\" (changed by someone else)"] });
        var stored = await harness.Themes().FindAsync(id, CancellationToken.None);
        (stored!.Name, stored.Colour, stored.Version).Should().Be(("Gifts", "#2f6f6a", 2));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ThemeUpdate_ChangingEveryField_IsOneNewVersion(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = (await harness.Themes().CreateAsync(new ThemeInput("Gifting", "Presents for others", "#2f6f6a"), CancellationToken.None)).Value!.Id;

        var outcome = await harness.Themes().UpdateAsync(id, new ThemeInput("Gifts", "Wrapping and notes", "#aa3355", true, Version: 1), CancellationToken.None);

        outcome.Value!.Version.Should().Be(2);
        (await harness.Themes().FindAsync(id, CancellationToken.None))!.Version.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ThemeUpdate_SomeoneSavesBetweenReadAndWrite_IsStale_NotADuplicateName(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = (await harness.Themes().CreateAsync(new ThemeInput("Gifting", "Presents for others", "#2f6f6a"), CancellationToken.None)).Value!.Id;
        var other = new SaveFirst(() => harness.Themes().UpdateAsync(id, new ThemeInput(null, Description: "Wrapping, ribbon and notes"), CancellationToken.None));

        var outcome = await harness.Themes(other).UpdateAsync(id, new ThemeInput(null, Colour: "#aa3355"), CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Stale);
        outcome.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["description"] = ["Description: \"Presents for others\" → \"Wrapping, ribbon and notes\" (changed by someone else)"],
        });
        var stored = await harness.Themes().FindAsync(id, CancellationToken.None);
        (stored!.Description, stored.Colour, stored.Version).Should().Be(("Wrapping, ribbon and notes", "#2f6f6a", 2));
    }

    /// <summary>Another person's save, made just before this context saves: the race between read and write, on cue.</summary>
    private sealed class SaveFirst(Func<Task> otherSave) : SaveChangesInterceptor
    {
        public bool Ran { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Ran)
            {
                Ran = true;
                await otherSave();
            }

            return result;
        }
    }
}
