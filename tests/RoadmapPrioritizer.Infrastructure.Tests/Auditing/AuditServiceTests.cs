using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Auditing;

public class AuditServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>
    /// 03:00 Pat creates "Gift notes" (3 rows); 04:00 Sam raises its reach (1 row); 05:00 Sam creates
    /// the theme "Gifting" (1 row). Seeding at 02:00 wrote 11 rows as the system.
    /// </summary>
    private static async Task<(int InitiativeId, int ThemeId)> ArrangeAsync(ServiceHarness harness)
    {
        harness.Actor.Set("user-pat", "Pat Potter");
        harness.Clock.Now = ServiceHarness.Start.AddHours(1);
        var initiativeId = await AuditTrailTests.CreateInitiativeAsync(harness, await AuditTrailTests.ThemeIdAsync(harness, "Personalisation"));
        harness.Actor.Set("user-sam", "Sam Slip");
        harness.Clock.Now = ServiceHarness.Start.AddHours(2);
        await harness.Initiatives().UpdateAsync(initiativeId, new InitiativeInput { Reach = 3000 }, Ct);
        harness.Clock.Now = ServiceHarness.Start.AddHours(3);
        var themeId = (await harness.Themes().CreateAsync(new ThemeInput("Gifting"), Ct)).Value!.Id;
        return (initiativeId, themeId);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_FiltersCombine_NewestFirst(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var (initiativeId, themeId) = await ArrangeAsync(harness);
        var audit = harness.Audit();

        (await audit.QueryAsync(new AuditQuery(), Ct)).Total.Should().Be(16);
        (await audit.QueryAsync(new AuditQuery { EntityType = "Initiative", EntityId = $"{initiativeId}" }, Ct)).Items
            .Select(r => r.Action).Should().Equal(AuditAction.Updated, AuditAction.Created);
        (await audit.QueryAsync(new AuditQuery { Subject = $"Initiative:{initiativeId}" }, Ct)).Total.Should().Be(4);
        (await audit.QueryAsync(new AuditQuery { Actor = "sam" }, Ct)).Items
            .Select(r => (r.EntityType, r.Action)).Should().Equal(("Theme", AuditAction.Created), ("Initiative", AuditAction.Updated));
        (await audit.QueryAsync(new AuditQuery { Actor = "user-pat" }, Ct)).Total.Should().Be(3);
        (await audit.QueryAsync(new AuditQuery { Actor = "system", EntityType = "Theme" }, Ct)).Total.Should().Be(4);
        (await audit.QueryAsync(new AuditQuery { Action = AuditAction.Created, EntityType = "Theme" }, Ct)).Items
            .Select(r => r.EntityId).First().Should().Be($"{themeId}");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_DateRangeIsFromInclusiveToExclusive(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await ArrangeAsync(harness);
        var at = (int hours) => ServiceHarness.Start.AddHours(hours).UtcDateTime;

        var window = await harness.Audit().QueryAsync(new AuditQuery { From = at(1), To = at(3) }, Ct);
        var since = await harness.Audit().QueryAsync(new AuditQuery { From = at(2) }, Ct);
        var before = await harness.Audit().QueryAsync(new AuditQuery { To = at(1) }, Ct);

        window.Items.Select(r => r.Actor).Should().Equal("Sam Slip", "Pat Potter", "Pat Potter", "Pat Potter");
        window.Items.Should().OnlyContain(r => r.At >= at(1) && r.At < at(3));
        since.Total.Should().Be(2);
        before.Total.Should().Be(11);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_PagesNewestFirst_WithTheTotal(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await ArrangeAsync(harness);
        var all = (await harness.Audit().QueryAsync(new AuditQuery { PageSize = 100 }, Ct)).Items;

        var second = await harness.Audit().QueryAsync(new AuditQuery { Page = 2, PageSize = 5 }, Ct);
        var last = await harness.Audit().QueryAsync(new AuditQuery { Page = 4, PageSize = 5 }, Ct);

        all.Select(r => r.At).Should().BeInDescendingOrder();
        all.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        second.Should().BeEquivalentTo(new { Total = 16, Page = 2, PageSize = 5, PageCount = 4 });
        second.Items.Select(r => r.Id).Should().Equal(all.Skip(5).Take(5).Select(r => r.Id));
        last.Items.Select(r => r.Id).Should().Equal(all.Skip(15).Select(r => r.Id));
    }

    [Theory]
    [InlineData("2026-11-22", false, "2026-11-22T00:00:00Z")]
    [InlineData("2026-11-22", true, "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-22T14:30:00Z", true, "2026-11-22T14:30:00Z")]
    [InlineData("2026-11-22T14:30:00+01:00", false, "2026-11-22T13:30:00Z")]
    [InlineData("2026-11-22T14:30", false, "2026-11-22T14:30:00Z")]
    public void TryParseDate_DatesAndDateTimes_AsUtc(string text, bool endOfDay, string expected)
    {
        AuditQuery.TryParseDate(text, endOfDay, out var value).Should().BeTrue();

        value.Should().Be(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
        value!.Value.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    public void TryParseDate_NotADate_IsRefused(string text) =>
        AuditQuery.TryParseDate(text, endOfDay: false, out _).Should().BeFalse();
}
