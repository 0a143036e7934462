using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using RoadmapPrioritizer.Web.Tests.Api;
using RoadmapPrioritizer.Web.Tests.Ingestion;

namespace RoadmapPrioritizer.Web.Tests.Rescoring;

/// <summary>Evidence links, locks, rescore runs and history over real HTTP, with runs executed by the real scheduler.</summary>
public sealed class RescoringApiTests(SqliteIngestionApp app) : IClassFixture<SqliteIngestionApp>
{
    private static readonly string Yesterday = DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_bad_link_is_refused_per_field_and_nothing_is_linked()
    {
        var id = await CreateInitiativeAsync();

        var response = await app.Client.PutJsonAsync($"/api/initiatives/{id}/evidence",
            """{"reasons": ["Shipping cost", "!!!"], "keywords": ["one two three four five"], "surveyTypes": ["ExitIntent", "Smoke signal"], "funnelStep": "Basket"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key);
        errors.Should().BeEquivalentTo("surveyTypes[1]", "funnelStep");
        var afterTypes = await app.Client.PutJsonAsync($"/api/initiatives/{id}/evidence", """{"reasons": ["Shipping cost", "!!!"], "keywords": ["one two three four five"]}""");
        (await afterTypes.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("reasons[1]", "keywords[0]");
        var stored = await (await app.Client.GetAsync($"/api/initiatives/{id}/evidence")).ReadJsonAsync();
        stored["reasons"]!.AsArray().Should().BeEmpty();
        stored["funnelStep"].Should().BeNull();
    }

    [Fact]
    public async Task A_link_answers_with_what_it_matches_in_the_window()
    {
        var id = await CreateInitiativeAsync();
        var reason = $"Reason {Guid.NewGuid():N}";
        await ImportSurveysAsync($"a1,ExitIntent,{Yesterday},{reason},\na2,ExitIntent,{Yesterday},Something else,\na3,ExitIntent,{Yesterday},,Too {reason} for me\n");

        var response = await app.Client.PutJsonAsync($"/api/initiatives/{id}/evidence", $$"""{"reasons": ["{{reason.ToUpperInvariant()}}"], "surveyTypes": ["exit-intent"], "funnelStep": "CheckoutCompleted"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var link = await response.ReadJsonAsync();
        link["surveyTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("ExitIntent");
        link["funnelStep"]!.GetValue<string>().Should().Be("CheckoutCompleted");

        // Only the chosen reason matches (the words in a3's text are not its reason); the other tests' exit-intent responses share the window.
        link["matching"]!["matched"]!.GetValue<int>().Should().Be(1);
        link["matching"]!["responses"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(3);
        link["matching"]!["samples"]!.AsArray().Should().ContainSingle().Which!["reason"]!.GetValue<string>().Should().Be(reason);
    }

    [Fact]
    public async Task A_lock_needs_a_rationale_and_then_wins()
    {
        var id = await CreateInitiativeAsync();

        var refused = await app.Client.PutJsonAsync($"/api/initiatives/{id}/locks", """{"impact": {"value": 3}}""");
        var badInput = await app.Client.PutJsonAsync($"/api/initiatives/{id}/locks", """{"vibes": {"value": 3, "rationale": "x"}, "impact": {"value": 1.5, "rationale": "x"}}""");
        var locked = await app.Client.PutJsonAsync($"/api/initiatives/{id}/locks", """{"impact": {"value": 3, "rationale": "The wholesale launch depends on it"}}""");

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.ReadJsonAsync())["errors"]!["impact.rationale"]![0]!.GetValue<string>().Should().Contain("rationale");
        (await badInput.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("vibes");
        locked.StatusCode.Should().Be(HttpStatusCode.OK);
        var initiative = await (await app.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        initiative["impact"]!.GetValue<double>().Should().Be(3);
        initiative["inputs"]!["impact"]!["origin"]!.GetValue<string>().Should().Be("Locked");
        initiative["inputs"]!["impact"]!["rationale"]!.GetValue<string>().Should().Be("The wholesale launch depends on it");
        initiative["inputs"]!["reach"]!["origin"]!.GetValue<string>().Should().Be("Manual");

        var unlocked = await app.Client.PutJsonAsync($"/api/initiatives/{id}/locks", """{"impact": null}""");
        (await unlocked.ReadJsonAsync())["impact"]!["origin"]!.GetValue<string>().Should().Be("Manual");
    }

    [Fact]
    public async Task Run_now_rescores_through_the_scheduler_and_the_history_records_the_run()
    {
        var id = await CreateInitiativeAsync(reach: 10);
        var day = DateTime.UtcNow.Date.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await ImportAsync("funnel-daily", $"date,sessions,product_views,add_to_cart,checkout_started,checkout_completed\n{day},100,50,20,10,5\n");
        (await app.Client.PutJsonAsync($"/api/initiatives/{id}/evidence", """{"funnelStep": "AddToCart"}""")).EnsureSuccessStatusCode();

        var started = await app.Client.PostAsync("/api/rescore", null);

        started.StatusCode.Should().Be(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var runId = (await started.ReadJsonAsync())["runId"]!.GetValue<long>();
        var run = await WaitForRescoreAsync(runId);
        run["state"]!.GetValue<string>().Should().Be("Succeeded", run.ToJsonString());
        var history = await app.Client.GetArrayAsync($"/api/initiatives/{id}/history");
        history.Should().ContainSingle(p => p!["runId"]!.GetValue<long>() == runId);
        var initiative = await (await app.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();

        // The only funnel day of this app: 50 product views reach the step before add to cart → 50 ÷ 1 day × 91.3125 = 4,565.625 ≈ 4,566 a quarter.
        initiative["reach"]!.GetValue<double>().Should().Be(4566);
        initiative["inputs"]!["reach"]!["origin"]!.GetValue<string>().Should().Be("Derived");
        initiative["inputs"]!["reach"]!["explanation"]!.GetValue<string>().Should().Contain("50 product views over 1 day with data");
        (await app.Client.GetAsync("/api/rescore/999999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<JsonNode> WaitForRescoreAsync(long runId, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await (await app.Client.GetAsync($"/api/rescore/{runId}")).ReadJsonAsync();
            if (run["state"]!.GetValue<string>() != "Running")
            {
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"rescore {runId} should finish within {seconds} s");
            await Task.Delay(100);
        }
    }

    private async Task<int> CreateInitiativeAsync(double reach = 2000)
    {
        var themeId = await app.Client.CreateThemeAsync();
        var response = await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, $"Initiative {Guid.NewGuid():N}", reach: reach));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    private Task ImportSurveysAsync(string lines) => ImportAsync("survey-responses", "external_id,survey_type,submitted_at,reason,text\n" + lines.Replace("a1,", $"{Guid.NewGuid():N}-1,", StringComparison.Ordinal).Replace("a2,", $"{Guid.NewGuid():N}-2,", StringComparison.Ordinal).Replace("a3,", $"{Guid.NewGuid():N}-3,", StringComparison.Ordinal));

    private async Task ImportAsync(string kind, string csv)
    {
        var response = await app.Client.PostAsync($"/api/imports/{kind}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync())["rejected"]!.GetValue<int>().Should().Be(0, await response.Content.ReadAsStringAsync());
    }
}
