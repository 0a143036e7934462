using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Roadmap;

public class ThemeServiceTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_NameTakenInAnotherCase_IsAConflictAndWritesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        var outcome = await harness.Themes().CreateAsync(new ThemeInput("  PERSONALISATION "), CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Conflict);
        outcome.Errors.Should().ContainKey("name");
        await using var db = harness.Db();
        (await db.Themes.CountAsync()).Should().Be(Theme.Defaults.Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UniqueIndex_RefusesADuplicateThatSkipsTheService(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await using var db = harness.Db();

        db.Themes.Add(Theme.Create("personalisation", null, "#123456", ServiceHarness.Start.UtcDateTime));
        var act = () => db.SaveChangesAsync();

        await act.Should().ThrowAsync<DbUpdateException>();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Create_InvalidFields_ReportsEachAndWritesNothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        var outcome = await harness.Themes().CreateAsync(new ThemeInput(new string('n', 81), new string('d', 1001), "blue"), CancellationToken.None);

        outcome.Status.Should().Be(OutcomeStatus.Invalid);
        outcome.Errors.Keys.Should().BeEquivalentTo("name", "description", "colour");
        await using var db = harness.Db();
        (await db.Themes.CountAsync()).Should().Be(Theme.Defaults.Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Update_RenamesRecoloursAndArchives_KeepingWhatWasNotSent(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var created = await harness.Themes().CreateAsync(new ThemeInput("Gifting", "Presents for others"), CancellationToken.None);
        harness.Clock.Now = ServiceHarness.Start.AddHours(1);

        var updated = await harness.Themes().UpdateAsync(created.Value!.Id, new ThemeInput("Gifts & wrapping", Colour: "#AA3355", Archived: true), CancellationToken.None);

        updated.IsOk.Should().BeTrue();
        var stored = await harness.Themes().FindAsync(created.Value.Id, CancellationToken.None);
        stored!.Name.Should().Be("Gifts & wrapping");
        stored.Description.Should().Be("Presents for others");
        stored.Colour.Should().Be("#aa3355");
        stored.IsArchived.Should().BeTrue();
        stored.UpdatedAt.Should().Be(ServiceHarness.Start.AddHours(1).UtcDateTime);
    }
}
