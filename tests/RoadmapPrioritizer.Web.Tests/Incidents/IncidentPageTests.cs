using System.Net;
using System.Text.RegularExpressions;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Incidents;

/// <summary>The banner, the badges and the incidents page as a browser without JavaScript gets them.</summary>
public sealed partial class IncidentPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Home_ShowsABannerForTheOpenIncident_AndHighlightsItsInitiative()
    {
        var (express, cartReminders) = await IncidentSeed.EnsureAsync(app);

        var html = WebUtility.HtmlDecode(await app.Client.GetStringAsync("/"));

        var banner = Between(html, "data-testid=\"incident-banner\"", "</div>");
        banner.Should().Contain("Checkout completed conversion down 30.0% on the week before (3.5% vs 5.0%), since Sat 28 Nov 2026.");
        banner.Should().NotContain("Add to cart", "that incident is closed");
        html.Should().Contain("href=\"/incidents\"");
        Row(html, express).Should().Contain("table-warning").And.Contain("Checkout completed \u221230.0% w/w");
        Row(html, cartReminders).Should().NotContain("incident-badge");
    }

    [Fact]
    public async Task IncidentsPage_ListsOpenThenClosed_WithTheArithmeticAndLinkedInitiatives()
    {
        var (express, cartReminders) = await IncidentSeed.EnsureAsync(app);

        var response = await app.Client.GetAsync("/incidents");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var open = Between(html, "data-testid=\"incidents-open\"", "data-testid=\"incidents-closed\"");
        var closed = html[html.IndexOf("data-testid=\"incidents-closed\"", StringComparison.Ordinal)..];
        open.Should().Contain("Checkout started → Checkout completed")
            .And.Contain("Checkout completed: 3.5% (245 of 7,000) this week vs 5.0% (350 of 7,000) the week before (\u221230.0%)")
            .And.Contain($"href=\"/initiatives/{express}\">Express checkout</a>");
        closed.Should().Contain("Product views → Add to cart")
            .And.Contain("Add to cart: 35.7% (10,000 of 28,000) this week vs 48.6% (54,400 of 112,000) the 28 days before (\u221226.5%). Recovered on 2026-10-29:")
            .And.Contain("Thu 29 Oct 2026")
            .And.Contain($"href=\"/initiatives/{cartReminders}\">Cart reminders</a>");
        html.Should().Contain("<a href=\"/incidents\" class=\"nav-link active\" aria-current=\"page\">Incidents</a>", "the nav links to the page");
    }

    [Fact]
    public async Task AnExecutive_SeesTheIncidentsPage()
    {
        await IncidentSeed.EnsureAsync(app);
        var (_, token) = await app.CreateUserAsync("Executive");
        using var executive = app.CreateClient(token);

        var response = await executive.GetAsync("/incidents");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("data-testid=\"incident\"");
    }

    private static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"the page has {start}");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return html[from..to];
    }

    private static string Row(string html, int id) =>
        RowPattern().Matches(html).Select(m => m.Value).Single(r => r.Contains($"data-initiative-id=\"{id}\"", StringComparison.Ordinal));

    [GeneratedRegex("<tr data-testid=\"rank-row\".*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
