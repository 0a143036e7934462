using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Rescoring;

/// <summary>
/// The rescoring parts of the initiative page, the ranked list's arrows and the jobs page, as a
/// browser without JavaScript gets them: real HTTP, forms posted with antiforgery, an empty SQLite shop.
/// Every initiative is rated on no brand criterion, so its priority is RICE x 0.5.
/// </summary>
public sealed partial class RescoringPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Evidence_form_saves_the_link_and_says_scores_follow_at_the_next_rescore()
    {
        var id = await CreateInitiativeAsync(2000);
        using var pm = await SignedInAsync("ProductManager");

        var page = await pm.PostFormAsync($"/initiatives/{id}", "evidence", new Dictionary<string, string>
        {
            ["EvidenceLinkForm.Reasons"] = "Shipping cost too high\r\nDelivery too slow\r\n",
            ["EvidenceLinkForm.Keywords"] = "free shipping",
            ["EvidenceLinkForm.Types[ExitIntent]"] = "true",
            ["EvidenceLinkForm.Types[FeatureRequest]"] = "true",
            ["EvidenceLinkForm.FunnelStep"] = "CheckoutStarted",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.Should().Contain("Evidence link saved. Scores follow at the next rescore.");
        var link = await (await app.Client.GetAsync($"/api/initiatives/{id}/evidence")).ReadJsonAsync();
        link["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("Shipping cost too high", "Delivery too slow");
        link["keywords"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("free shipping");
        link["surveyTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("ExitIntent", "FeatureRequest");
        link["funnelStep"]!.GetValue<string>().Should().Be("CheckoutStarted");
        html.Should().Contain("Add to cart → Checkout started").And.Contain("no funnel data in the window");
    }

    [Fact]
    public async Task Evidence_form_with_a_bad_keyword_shows_its_error_by_line_and_saves_nothing()
    {
        var id = await CreateInitiativeAsync(2000);
        using var pm = await SignedInAsync("ProductManager");

        var page = await pm.PostFormAsync($"/initiatives/{id}", "evidence", new Dictionary<string, string>
        {
            ["EvidenceLinkForm.Reasons"] = "Shipping cost too high",
            ["EvidenceLinkForm.Keywords"] = "free shipping\n!!!",
        });

        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.Should().Contain("Nothing was saved");
        html.Should().Contain("data-field=\"keywords[1]\">Line 2 (“!!!”): A keyword needs at least one letter or digit.");
        html.Should().Contain(">Shipping cost too high</textarea>", "what was typed stays in the form");
        var link = await (await app.Client.GetAsync($"/api/initiatives/{id}/evidence")).ReadJsonAsync();
        link["reasons"]!.AsArray().Should().BeEmpty();
        link["keywords"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_lock_without_a_rationale_is_refused_on_the_page_and_a_lock_with_one_shows_as_locked()
    {
        var id = await CreateInitiativeAsync(2000);
        using var pm = await SignedInAsync("ProductManager");

        var refused = WebUtility.HtmlDecode(await (await pm.PostFormAsync($"/initiatives/{id}", "lock-reach", new Dictionary<string, string>
        {
            ["Lock.Value"] = "500",
            ["Lock.Rationale"] = "  ",
        })).Content.ReadAsStringAsync());

        refused.Should().Contain("Not locked").And.Contain("data-field=\"rationale\">Say why this value overrides the evidence: a lock needs a rationale.");
        var inputs = await (await app.Client.GetAsync($"/api/initiatives/{id}/locks")).ReadJsonAsync();
        inputs["reach"]!["origin"]!.GetValue<string>().Should().Be("Manual");
        inputs["reach"]!["value"]!.GetValue<double>().Should().Be(2000);

        var locked = WebUtility.HtmlDecode(await (await pm.PostFormAsync($"/initiatives/{id}", "lock-reach", new Dictionary<string, string>
        {
            ["Lock.Value"] = "500",
            ["Lock.Rationale"] = "Only wholesale buyers see this page",
        })).Content.ReadAsStringAsync());

        locked.Should().Contain("data-testid=\"origin-reach\">Locked<").And.Contain("Only wholesale buyers see this page");
        locked.Should().Contain("Locked: change or unlock it in the score panel.", "the edit form shows a locked input read-only");
        // 500 x 1 x 0.8 / 4 = 100 RICE; no brand fit halves it: priority 50.
        (await (await app.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync())["riceScore"]!.GetValue<double>().Should().Be(100);
    }

    [Fact]
    public async Task Score_history_shows_each_rescore_run_with_its_priority_and_why_it_moved()
    {
        var id = await CreateInitiativeAsync(2000);
        var run = await RescoreAsync();
        using var pm = await SignedInAsync("ProductManager");

        var html = WebUtility.HtmlDecode(await pm.GetStringAsync($"/initiatives/{id}"));

        var rows = HistoryRowPattern().Matches(html);
        rows.Should().ContainSingle();
        rows[0].Groups[1].Value.Should().Be(run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // 2000 x 1 x 0.8 / 4 = 400 RICE, halved with no brand fit.
        rows[0].Value.Should().Contain("data-testid=\"history-priority\">200<");
        html.Should().Contain("data-chart=").And.Contain("lib/chart.js/chart.umd.min.js");
        html.Should().Contain("First rescore of this initiative: nothing to compare with yet.");
    }

    [Fact]
    public async Task Ranked_list_shows_movement_since_the_rescore_before_the_last()
    {
        // Reach in the millions puts these three above anything else the class creates (reach 2000).
        // Run 1: A 2,000,000 x 0.8 / 4 x 0.5 = 200,000 (#1), B 1,000,000 -> 100,000 (#2).
        var a = await CreateInitiativeAsync(2_000_000, "Arrow A");
        var b = await CreateInitiativeAsync(1_000_000, "Arrow B");
        await RescoreAsync();

        // Then B grows to 4,000,000 (400,000) and C arrives at 3,000,000 (300,000): B #1, C #2, A #3.
        (await app.Client.PutJsonAsync($"/api/initiatives/{b}", """{"reach": 4000000}""")).EnsureSuccessStatusCode();
        var c = await CreateInitiativeAsync(3_000_000, "Arrow C");
        await RescoreAsync();
        using var pm = await SignedInAsync("ProductManager");

        var html = WebUtility.HtmlDecode(await pm.GetStringAsync("/"));

        Movement(html, b).Should().Be(("1", "▲1", "was #2 at the rescore before the last"));
        Movement(html, c).Should().Be(("2", "new", "not ranked at the rescore before the last"));
        Movement(html, a).Should().Be(("3", "▼2", "was #1 at the rescore before the last"));
    }

    [Fact]
    public async Task A_derived_input_and_a_small_sample_are_shown_on_the_initiative_and_the_ranked_list()
    {
        // The class's only CES responses: 3 of 8 cite the reason → impact 37.5% → massive (3), derived;
        // 8 responses are under 30, so the evidence is flagged as a small sample.
        var id = await CreateInitiativeAsync(2000, "Small sample");
        var reason = $"Reason {Guid.NewGuid():N}";
        var csv = new System.Text.StringBuilder("external_id,survey_type,submitted_at,reason\n");
        for (var i = 0; i < 8; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Guid.NewGuid():N},CES,{DateTime.UtcNow.Date.AddDays(-1):yyyy-MM-dd},{(i < 3 ? reason : "Other")}\n");
        }

        (await app.Client.PostAsync("/api/imports/survey-responses", new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        (await app.Client.PutJsonAsync($"/api/initiatives/{id}/evidence", $$"""{"reasons": ["{{reason}}"], "surveyTypes": ["CES"]}""")).EnsureSuccessStatusCode();
        await RescoreAsync();
        using var pm = await SignedInAsync("ProductManager");

        var initiative = WebUtility.HtmlDecode(await pm.GetStringAsync($"/initiatives/{id}"));
        var list = WebUtility.HtmlDecode(await pm.GetStringAsync("/"));

        initiative.Should().Contain("data-testid=\"origin-impact\">Derived<").And.Contain("3 of 8 responses (37.5%) cite it");
        initiative.Should().Contain("data-testid=\"evidence-flag\">Small sample<");
        System.Text.RegularExpressions.Regex.Matches(initiative, "data-testid=\"sample\"").Should().HaveCount(3, "the three matching responses are quoted");
        var row = list[list.IndexOf($"data-initiative-id=\"{id}\"", StringComparison.Ordinal)..];
        row[..row.IndexOf("</tr>", StringComparison.Ordinal)].Should().Contain(">small sample<");
    }

    [Fact]
    public async Task Jobs_page_runs_the_rescore_now_and_lists_the_run()
    {
        using var admin = await SignedInAsync(null);

        var posted = await admin.PostFormAsync("/admin/jobs", "rescore-now", new Dictionary<string, string>());

        posted.RequestMessage!.RequestUri!.Query.Should().StartWith("?rescoring=", "the post redirects, so reloading the page starts nothing");
        var page = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        var started = StartedPattern().Match(page);
        started.Success.Should().BeTrue(page);
        var runId = started.Groups[1].Value;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string state;
        do
        {
            await Task.Delay(100);
            state = (await (await app.Client.GetAsync($"/api/rescore/{runId}")).ReadJsonAsync())["state"]!.GetValue<string>();
        }
        while (state == "Running" && DateTime.UtcNow < deadline);

        state.Should().Be("Succeeded");
        var html = await admin.GetStringAsync("/admin/jobs");
        html.Should().Contain($"data-testid=\"rescore-run\" data-run-id=\"{runId}\" data-state=\"Succeeded\"");
    }

    [Fact]
    public async Task Initiative_page_lets_a_product_manager_rescore_now_and_says_so_after_a_redirect()
    {
        var id = await CreateInitiativeAsync(2000);
        using var pm = await SignedInAsync("ProductManager");
        using var executive = await SignedInAsync("Executive");
        (await pm.PostFormAsync($"/initiatives/{id}", "evidence", new Dictionary<string, string> { ["EvidenceLinkForm.Reasons"] = "Shipping cost too high" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await executive.GetStringAsync($"/initiatives/{id}")).Should().NotContain("Rescore now", "an executive reads; editors rescore");

        var posted = await pm.PostFormAsync($"/initiatives/{id}", "rescore-now", new Dictionary<string, string>());

        posted.RequestMessage!.RequestUri!.Query.Should().StartWith("?rescoring=", "the post redirects, so reloading the page starts nothing");
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        var runId = RescoreStartedPattern().Match(html).Groups[1].Value;
        runId.Should().NotBeEmpty(html);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        System.Text.Json.Nodes.JsonNode run;
        do
        {
            await Task.Delay(100);
            run = await (await app.Client.GetAsync($"/api/rescore/{runId}")).ReadJsonAsync();
        }
        while (run["state"]!.GetValue<string>() == "Running" && DateTime.UtcNow < deadline);

        run["state"]!.GetValue<string>().Should().Be("Succeeded");
        run["actor"]!.GetValue<string>().Should().StartWith("productmanager-", "the run names who started it");
    }

    private async Task<int> CreateInitiativeAsync(double reach, string title = "Gift notes")
    {
        var theme = await app.Client.CreateThemeAsync();
        var response = await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(theme, title, reach: reach, ratings: "{}"));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    private async Task<long> RescoreAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<RescoreService>().RunAsync(RunTrigger.Manual, "tests", CancellationToken.None);
        run.Should().NotBeNull();
        run!.State.Should().Be(RunState.Succeeded);
        return run.Id;
    }

    /// <summary>A cookie client signed in with a new user of <paramref name="role"/> (null: the bootstrap admin).</summary>
    private async Task<HttpClient> SignedInAsync(string? role)
    {
        var email = role is null ? AppFixture.AdminEmail : (await app.CreateUserAsync(role)).Email;
        var client = app.CreateCookieClient();
        (await client.SignInAsync(email, AppFixture.Password)).EnsureSuccessStatusCode();
        return client;
    }

    private static (string Rank, string Arrow, string Title) Movement(string html, int id)
    {
        var match = new Regex($"data-initiative-id=\"{id}\">\\s*<td class=\"rank\">(\\d+)<span class=\"[^\"]*\" data-testid=\"movement\" title=\"([^\"]*)\">([^<]*)</span>").Match(html);
        match.Success.Should().BeTrue($"row {id} shows a movement");
        return (match.Groups[1].Value, match.Groups[3].Value, match.Groups[2].Value);
    }

    [GeneratedRegex("<tr data-testid=\"score-history-row\" data-run-id=\"(\\d+)\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex HistoryRowPattern();

    [GeneratedRegex("Rescore (\\d+) started")]
    private static partial Regex StartedPattern();

    [GeneratedRegex("data-testid=\"rescore-started\">Rescore (\\d+) started")]
    private static partial Regex RescoreStartedPattern();
}
