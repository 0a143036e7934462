using System.Net;
using System.Text.RegularExpressions;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Pages;

/// <summary>Pages as a browser without JavaScript gets them: real HTTP, the demo roadmap on SQLite.</summary>
public sealed partial class PageTests(SqliteDemoApp app) : IClassFixture<SqliteDemoApp>
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Home_ListsInitiativesInTheOrderOfTheRankingsApi()
    {
        var rankings = await _client.GetArrayAsync("/api/rankings");

        var html = await _client.GetStringAsync("/");

        var rowIds = RowIds(html);
        rowIds.Should().Equal(rankings.Select(r => r!["id"]!.GetValue<int>()));
        rowIds.Should().HaveCountGreaterThan(10);
    }

    [Fact]
    public async Task Home_FilterByHorizonAndSortByRice()
    {
        var all = await _client.GetArrayAsync("/api/initiatives");
        var expected = all
            .Where(i => i!["horizon"]!.GetValue<string>() == "Long" && i["rank"] is not null)
            .OrderByDescending(i => i!["riceScore"]!.GetValue<double>())
            .ThenBy(i => i!["rank"]!.GetValue<int>())
            .Select(i => i!["id"]!.GetValue<int>());

        var html = await _client.GetStringAsync("/?horizon=Long&sort=rice&dir=desc");

        RowIds(html).Should().Equal(expected).And.NotBeEmpty();
    }

    [Fact]
    public async Task Home_AllStatusesIncludesShippedAndParkedWithoutARank()
    {
        var total = (await _client.GetArrayAsync("/api/initiatives")).Count;

        var html = await _client.GetStringAsync("/?status=all");

        RowIds(html).Should().HaveCount(total);
        WebUtility.HtmlDecode(html).Should().Contain("<td class=\"rank\">–</td>");
    }

    [Fact]
    public async Task BreakdownFragment_ShowsTheArithmetic()
    {
        var first = (await _client.GetArrayAsync("/api/rankings"))[0]!;

        var html = await _client.GetStringAsync($"/fragments/initiatives/{first["id"]}/breakdown");

        html.Should().StartWith($"<tr id=\"why-{first["id"]}\"");
        var text = WebUtility.HtmlDecode(html);
        text.Should().Contain(first["breakdown"]!["rice"]!.GetValue<string>());
        text.Should().Contain(first["breakdown"]!["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lanes_ShowEachHorizonWithItsKpi()
    {
        var html = await _client.GetStringAsync("/roadmap");

        html.Should().Contain("Cart abandonment rate").And.Contain("Product-page conversion rate").And.Contain("Customer lifetime value");
        foreach (var horizon in new[] { "Short", "Mid", "Long" })
        {
            html.Should().Contain($"data-testid=\"lane-{horizon}\"");
        }
    }

    [Theory]
    [InlineData("/initiatives/987654")]
    [InlineData("/themes/987654")]
    [InlineData("/no-such-page")]
    public async Task UnknownPages_Are404WithAHelpfulPage(string url)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Back to the ranked roadmap");
    }

    [Fact]
    public async Task FormPost_WithoutAntiforgeryToken_IsRejectedAndWritesNothing()
    {
        var before = (await _client.GetArrayAsync("/api/themes")).Count;

        var response = await _client.PostAsync("/themes", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-theme",
            ["Form.Name"] = "Sneaky theme",
        }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _client.GetArrayAsync("/api/themes")).Count.Should().Be(before);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/roadmap")]
    [InlineData("/themes")]
    [InlineData("/initiatives/new")]
    public async Task Pages_LoadTheirStylesAndScripts(string url)
    {
        var html = await _client.GetStringAsync(url);

        foreach (var asset in AssetPattern().Matches(html).Select(m => m.Groups[1].Value))
        {
            (await _client.GetAsync("/" + asset)).StatusCode.Should().Be(HttpStatusCode.OK, asset);
        }

        html.Should().Contain("lib/htmx.min.js").And.Contain("lib/bootstrap.min.css");
    }

    private static List<int> RowIds(string html) =>
        RowPattern().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex("data-testid=\"rank-row\" data-initiative-id=\"(\\d+)\"")]
    private static partial Regex RowPattern();

    [GeneratedRegex("(?:href|src)=\"((?:lib|css)/[^\"]+)\"")]
    private static partial Regex AssetPattern();
}
