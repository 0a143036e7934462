using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>
/// A product manager links an initiative to its evidence, an admin runs the rescore, and the product manager
/// reads the derived inputs, overrides one with a lock and sees the score history, in a real browser.
/// </summary>
public sealed class RescoringJourneyTests(EmptyShopJourneyFixture fixture) : IClassFixture<EmptyShopJourneyFixture>
{
    public const string ScreenshotPath = "/tmp/rescoring-initiative.png";

    private const string Shipping = "Shipping cost too high";

    [Fact]
    public async Task PmLinksEvidence_AdminRunsTheRescore_PmSeesDerivedInputs_LocksImpact_AndTheHistoryShowsTheRun()
    {
        // Arrange, as automation would: 40 exit-intent answers yesterday, 12 of them citing shipping cost,
        // and 10 whole-shop funnel days ending yesterday with 50 checkouts started and 20 completed a day.
        var yesterday = DateTime.UtcNow.Date.AddDays(-1);
        var today = DateTime.UtcNow.Date;
        var survey = new StringBuilder("external_id,survey_type,submitted_at,reason\n");
        for (var i = 0; i < 40; i++)
        {
            survey.Append(CultureInfo.InvariantCulture, $"exit-{i},ExitIntent,{yesterday.AddHours(12).AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},{(i < 12 ? Shipping : "Just browsing")}\n");
        }

        var funnel = new StringBuilder("date,sessions,product_views,add_to_cart,checkout_started,checkout_completed\n");
        for (var d = 1; d <= 10; d++)
        {
            funnel.Append(CultureInfo.InvariantCulture, $"{today.AddDays(-d):yyyy-MM-dd},1000,400,100,50,20\n");
        }

        await ImportAsync("survey-responses", survey.ToString(), added: 40);
        await ImportAsync("funnel-daily", funnel.ToString(), added: 10);
        // Entered by hand: reach 2,000, impact 1, confidence 80%, effort 4; rated on no brand criterion, so priority = RICE × 0.5.
        var theme = await fixture.App.Client.CreateThemeAsync();
        var created = await fixture.App.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(theme, "Free shipping over £40", ratings: "{}"));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();
        var (pmEmail, _) = await fixture.App.CreateUserAsync("ProductManager");

        // The product manager links the initiative to its evidence.
        var pm = await fixture.NewPageAsync(email: pmEmail);
        await pm.GotoAsync($"/initiatives/{id}");
        await Expect(pm.GetByRole(AriaRole.Heading, new() { Name = "Free shipping over £40" })).ToBeVisibleAsync();
        await Expect(pm.GetByTestId("origin-reach")).ToHaveTextAsync("Manual");
        var evidence = pm.Locator("#evidence");
        await evidence.GetByLabel("Reasons").FillAsync(Shipping);
        await evidence.GetByLabel("Exit intent", new() { Exact = true }).CheckAsync();
        await evidence.GetByLabel("Funnel step", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Checkout started → Checkout completed" });
        await evidence.GetByRole(AriaRole.Button, new() { Name = "Save evidence link" }).ClickAsync();

        await Expect(evidence.GetByRole(AriaRole.Status)).ToHaveTextAsync("Evidence link saved. Scores follow at the next rescore.");
        await Expect(evidence.GetByLabel("Reasons")).ToHaveValueAsync(Shipping);
        await Expect(evidence.GetByLabel("Exit intent", new() { Exact = true })).ToBeCheckedAsync();
        var matches = pm.GetByTestId("evidence-matches");
        await Expect(matches.GetByTestId("matched")).ToHaveTextAsync("12 of 40 match (30.0%)");
        // 10 days × 20 completed = 200 of 10 × 50 = 500 started; 1 − 200 ÷ 500 = 60% drop off.
        await Expect(matches.GetByTestId("funnel")).ToHaveTextAsync("200 of 500 reached it; drop-off 60.0% over 10 days");
        await Expect(pm.GetByTestId("origin-impact")).ToHaveTextAsync("Manual");

        // The admin runs the rescore now rather than waiting for the night, and opens the jobs page again until it has finished.
        var admin = await fixture.NewPageAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Jobs and data sources" })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run rescore now" }).ClickAsync();
        var started = admin.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex(@"Rescore \d+ started") });
        await Expect(started).ToBeVisibleAsync();
        var runId = Regex.Match(await started.InnerTextAsync(), @"Rescore (\d+) started").Groups[1].Value;
        var run = admin.Locator($"[data-testid=rescore-run][data-run-id='{runId}']");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await run.GetAttributeAsync("data-state") == "Running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            // Opened afresh: a reload of the page the button's POST returned would post it again and start a second run.
            await admin.GotoAsync("/admin/jobs");
        }

        await Expect(run).ToHaveAttributeAsync("data-state", "Succeeded");
        await Expect(run.GetByText("Succeeded", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(run).ToContainTextAsync("admin@example.com");

        // Back on the initiative: reach, impact and confidence come from the evidence, each with its arithmetic.
        await pm.GotoAsync($"/initiatives/{id}");
        var reach = pm.GetByTestId("input-reach");
        var impact = pm.GetByTestId("input-impact");
        var confidence = pm.GetByTestId("input-confidence");
        await Expect(pm.GetByTestId("origin-reach")).ToHaveTextAsync("Derived");
        await Expect(pm.GetByTestId("origin-impact")).ToHaveTextAsync("Derived");
        await Expect(pm.GetByTestId("origin-confidence")).ToHaveTextAsync("Derived");
        await Expect(pm.GetByTestId("origin-effort")).ToHaveTextAsync("Manual");
        // Reach: 500 checkouts started ÷ 10 days × 91.3125 days a quarter = 4,565.625, 4,566 people.
        await Expect(reach).ToContainTextAsync("Reach 4,566");
        await Expect(reach).ToContainTextAsync(new Regex(@"500 checkouts? started over 10 days with data ÷ 10 × 91\.3125 days a quarter = 4,565\.63 ≈ 4,566"));
        // Impact: 12 ÷ 40 = 30% cite shipping; 30% × 60% drop-off = 18% lost to it: at least 10%, under 20% → high (2).
        await Expect(impact).ToContainTextAsync("Impact 2");
        await Expect(impact).ToContainTextAsync("12 of 40 responses (30%) cite it");
        await Expect(impact).ToContainTextAsync("30% × 60% = 18%");
        await Expect(impact).ToContainTextAsync("high");
        // Confidence: the 95% Wilson interval of 12/40 is 18.1%-45.4%, 27.4 points wide: at most 35 → low (50%).
        await Expect(confidence).ToContainTextAsync("Confidence 50%");
        await Expect(confidence).ToContainTextAsync("40 responses, 95% interval of the share 18.1%-45.4% (27.4 points wide)");
        await Expect(confidence).ToContainTextAsync("2 kinds of evidence (survey, funnel)");
        await Expect(pm.GetByTestId("evidence-flag")).ToHaveCountAsync(0);
        await Expect(pm.GetByTestId("held-reach")).ToContainTextAsync("Derived from evidence: lock it to set it by hand.");
        // 4,566 × 2 × 50% ÷ 4 = 1,141.5 RICE, halved with no brand fit: 570.75.
        await Expect(pm.GetByRole(AriaRole.Heading, new() { Name = "Priority 571" })).ToBeVisibleAsync();

        // The score history: this initiative's first run, as the chart and the table.
        var history = pm.GetByTestId("score-history");
        var rows = history.GetByTestId("score-history-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToHaveAttributeAsync("data-run-id", runId);
        await Expect(rows.GetByTestId("history-rank")).ToHaveTextAsync("#1");
        await Expect(rows.GetByTestId("history-priority")).ToHaveTextAsync("571");
        await Expect(history.GetByTestId("why-moved")).ToContainTextAsync("First rescore of this initiative: nothing to compare with yet.");
        await Expect(history.Locator("#chart-score-history")).ToBeVisibleAsync();
        (await pm.EvaluateAsync<bool>("() => Chart.getChart(document.getElementById('chart-score-history')) !== undefined")).Should().BeTrue("Chart.js drew the score history");

        // The product manager knows better about impact: locks it at massive (3), saying why.
        const string rationale = "Free shipping is the top ask in the customer interviews too";
        await impact.GetByText("Lock it", new() { Exact = true }).ClickAsync();
        var lockImpact = pm.GetByTestId("lock-impact");
        await lockImpact.GetByLabel("Impact to keep").FillAsync("3");
        await lockImpact.GetByLabel("Why this overrides the evidence").FillAsync(rationale);
        await lockImpact.GetByRole(AriaRole.Button, new() { Name = "Lock impact" }).ClickAsync();

        await Expect(pm.GetByTestId("origin-impact")).ToHaveTextAsync("Locked");
        impact = pm.GetByTestId("input-impact");
        await Expect(impact).ToContainTextAsync("Impact 3");
        await Expect(impact).ToContainTextAsync($"Locked by {pmEmail} on {today:yyyy-MM-dd}: {rationale}.");
        await Expect(impact).ToContainTextAsync("The last rescore's evidence suggested 2.");
        await Expect(pm.GetByTestId("origin-reach")).ToHaveTextAsync("Derived");
        await Expect(pm.GetByTestId("held-impact")).ToContainTextAsync("Locked: change or unlock it in the score panel.");
        // 4,566 × 3 × 50% ÷ 4 = 1,712.25 RICE, halved: 856.1.
        await Expect(pm.GetByRole(AriaRole.Heading, new() { Name = "Priority 856" })).ToBeVisibleAsync();
        // The history keeps what the run computed: still one run, at 571.
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("history-priority")).ToHaveTextAsync("571");

        // At laptop width every column of the history is in view, none behind a horizontal scroll.
        var overflow = await history.Locator(".table-responsive").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        overflow[0].Should().BeLessThanOrEqualTo(overflow[1], "the score history table fits its card");

        await pm.ScreenshotAsync(new() { Path = ScreenshotPath, FullPage = true });
        await history.ScreenshotAsync(new() { Path = "/tmp/rescoring-history.png" });
    }

    private async Task ImportAsync(string kind, string csv, int added)
    {
        var response = await fixture.App.Client.PostAsync($"/api/imports/{kind}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result["added"]!.GetValue<int>().Should().Be(added, result.ToJsonString());
        result["rejected"]!.GetValue<int>().Should().Be(0, result.ToJsonString());
    }
}
