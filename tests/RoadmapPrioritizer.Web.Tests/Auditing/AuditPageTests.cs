using System.Net;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Auditing;

/// <summary>The /audit page and an initiative's history, as a browser without JavaScript gets them.</summary>
public sealed class AuditPageTests(SqliteAuditApp app) : IClassFixture<SqliteAuditApp>
{
    [Fact]
    public async Task Audit_IsForAdminsAndExecutives()
    {
        (await (await app.ClientAsync(TestUser.Admin)).GetAsync("/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await app.ClientAsync(TestUser.Executive)).GetAsync("/audit")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await app.ClientAsync(TestUser.ProductManager)).GetAsync("/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync()).GetAsync("/audit")).RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/account/login");
    }

    [Fact]
    public async Task Audit_FilteredToOneInitiative_ShowsEachFieldBeforeAndAfter()
    {
        var pm = (await app.ClientAsync(TestUser.ProductManager));
        var id = await CreateAndRaiseReachAsync(pm);

        var html = WebUtility.HtmlDecode(await (await app.ClientAsync(TestUser.Executive)).GetStringAsync($"/audit?type=Initiative&id={id}&action=Updated"));

        html.Should().Contain("1 change").And.Contain("pm@shop.example");
        html.Should().Contain($"data-entity-id=\"{id}\"").And.NotContain("data-entity-type=\"BrandRating\"");
        html.Should().MatchRegex(@"<code>reach</code>:\s*<span class=""text-muted""><del>2000</del></span>\s*<span aria-label=""changed to""> → </span>\s*<span>3000</span>");
    }

    [Fact]
    public async Task InitiativePage_ShowsItsHistory_IncludingItsBrandRatings()
    {
        var pm = (await app.ClientAsync(TestUser.ProductManager));
        var id = await CreateAndRaiseReachAsync(pm);

        var html = WebUtility.HtmlDecode(await pm.GetStringAsync($"/initiatives/{id}"));

        html.Should().Contain("data-testid=\"history\"");
        html.Split("data-testid=\"history-entry\"").Should().HaveCount(1 + 4, "created with two ratings, then updated");
        html.Should().Contain("brand rating craft_storytelling").And.Contain("<del>2000</del>");
    }

    private static async Task<int> CreateAndRaiseReachAsync(HttpClient client)
    {
        var themeId = await client.CreateThemeAsync();
        var created = await client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, reach: 2000));
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();
        (await client.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 3000}""")).EnsureSuccessStatusCode();
        return id;
    }
}
