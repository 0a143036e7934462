using System.Net;
using System.Text.Json.Nodes;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Auditing;

/// <summary>GET /api/audit over real HTTP: the trail of writes made through the API, filtered.</summary>
public abstract class AuditApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AuditApp
{
    [Fact]
    public async Task Get_ByRecord_ShowsEachWriteWithItsUserAndFieldsNewestFirst()
    {
        var (pm, admin) = (NewUser("ProductManager"), NewUser("Admin"));
        var themeId = await (await app.ClientAsync(pm)).CreateThemeAsync();
        var id = await CreateInitiativeAsync((await app.ClientAsync(pm)), themeId);

        (await (await app.ClientAsync(admin)).PutJsonAsync($"/api/initiatives/{id}", """{"reach": 3000}""")).EnsureSuccessStatusCode();

        var page = await GetAsync(admin, $"/api/audit?entityType=initiative&entityId={id}");
        page["total"]!.GetValue<int>().Should().Be(2);
        var items = page["items"]!.AsArray();
        items[0]!["action"]!.GetValue<string>().Should().Be("Updated");
        items[0]!["actor"]!.GetValue<string>().Should().Be(admin.Name);
        items[0]!["actorId"]!.GetValue<string>().Should().Be(await app.IdOfAsync(admin));
        items[0]!["entityType"]!.GetValue<string>().Should().Be("Initiative");
        items[0]!["entityId"]!.GetValue<string>().Should().Be($"{id}");
        items[0]!["at"]!.GetValue<string>().Should().EndWith("Z");
        Change(items[0]!, "reach").Should().Be(("2000", "3000"));
        items[1]!["action"]!.GetValue<string>().Should().Be("Created");
        items[1]!["actor"]!.GetValue<string>().Should().Be(pm.Name);
        Change(items[1]!, "title").Should().Be((null, "Gift notes"));
    }

    [Fact]
    public async Task Get_BySubjectActorActionAndPage_FiltersCombine()
    {
        var pm = NewUser("ProductManager");
        var client = (await app.ClientAsync(pm));
        var themeId = await client.CreateThemeAsync();
        var id = await CreateInitiativeAsync(client, themeId);
        (await client.PutJsonAsync($"/api/initiatives/{id}", """{"brandAlignment": {"craft_storytelling": 4, "artisan_collaboration": 3}}""")).EnsureSuccessStatusCode();

        // Created: the theme, the initiative and its two ratings; updated: the initiative (updatedAt) and one rating.
        var subject = await GetAsync(TestUser.Executive, $"/api/audit?subject=Initiative:{id}");
        var mine = await GetAsync(TestUser.Executive, $"/api/audit?actor={Uri.EscapeDataString(pm.Name.ToUpperInvariant())}");
        var created = await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&action=created");
        var rating = await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&entityType=BrandRating&action=Updated");
        var first = await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&pageSize=4");
        var second = await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&pageSize=4&page=2");

        subject["total"]!.GetValue<int>().Should().Be(5);
        mine["total"]!.GetValue<int>().Should().Be(6);
        created["items"]!.AsArray().Select(i => i!["entityType"]!.GetValue<string>()).Should().BeEquivalentTo(["BrandRating", "BrandRating", "Initiative", "Theme"]);
        rating["items"]!.AsArray().Should().ContainSingle();
        rating["items"]![0]!["entityId"]!.GetValue<string>().Should().Be($"{id}/craft_storytelling");
        Change(rating["items"]![0]!, "rating").Should().Be(("5", "4"));
        first["items"]!.AsArray().Should().HaveCount(4);
        second["items"]!.AsArray().Should().HaveCount(2);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<long>()).ToList();
        ids.Should().OnlyHaveUniqueItems().And.BeInDescendingOrder();
        (first["total"]!.GetValue<int>(), first["page"]!.GetValue<int>(), second["page"]!.GetValue<int>()).Should().Be((6, 1, 2));
    }

    [Fact]
    public async Task Get_ByDates_FromInclusive_ADateAloneCoversItsDay()
    {
        var pm = NewUser("ProductManager");
        await (await app.ClientAsync(pm)).CreateThemeAsync();
        var at = (await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}"))["items"]![0]!["at"]!.GetValue<string>();
        var today = DateOnly.ParseExact(at[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        (await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"))["total"]!.GetValue<int>().Should().Be(1);
        (await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&from={Uri.EscapeDataString(at)}"))["total"]!.GetValue<int>().Should().Be(1);
        (await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&to={Uri.EscapeDataString(at)}"))["total"]!.GetValue<int>().Should().Be(0);
        (await GetAsync(TestUser.Executive, $"/api/audit?actor={await app.IdOfAsync(pm)}&to={yesterday}"))["total"]!.GetValue<int>().Should().Be(0);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("action=Renamed", "action")]
    [InlineData("entityType=Widget", "entityType")]
    public async Task Get_BadFilter_Is400WithTheField(string query, string field)
    {
        var response = await (await app.ClientAsync(NewUser("Admin"))).GetAsync($"/api/audit?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadJsonAsync())["errors"]![field].Should().NotBeNull();
    }

    private static TestUser NewUser(string role)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new TestUser($"{role.ToLowerInvariant()}-{suffix}@shop.example", role);
    }

    private static async Task<int> CreateInitiativeAsync(HttpClient client, int themeId)
    {
        var response = await client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, reach: 2000));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    private async Task<JsonNode> GetAsync(TestUser user, string url)
    {
        var response = await (await app.ClientAsync(user)).GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.ReadJsonAsync();
    }

    private static (string? Before, string? After) Change(JsonNode item, string field)
    {
        var change = item["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == field)!;
        return (change["before"]?.GetValue<string>(), change["after"]?.GetValue<string>());
    }
}

public sealed class AuditApiTests_Sqlite(SqliteAuditApp app) : AuditApiTests<SqliteAuditApp>(app);

public sealed class AuditApiTests_Postgres(PostgresAuditApp app) : AuditApiTests<PostgresAuditApp>(app);
