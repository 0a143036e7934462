using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>
/// The quick start's demo as someone trying the app sees it, in a real browser: the Ashgrove Ceramics
/// roadmap with its invented evidence, linked before any rescore, and the rescore started from an
/// initiative's page turning that evidence into derived inputs.
/// </summary>
public sealed partial class DemoJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    private const string Shipping = "Show delivery cost on product pages and in the cart";

    [Fact]
    public async Task AdminOpensTheDeliveryCostInitiative_SeesItsEvidenceAndAVerbatim_RescoresNow_AndSeesDerivedInputs()
    {
        var page = await fixture.NewPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = Shipping, Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Shipping })).ToBeVisibleAsync();
        var id = int.Parse(InitiativeUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("origin-impact")).ToHaveTextAsync("Manual");

        // Its evidence before any rescore: the exit-intent answers citing a shipping-cost surprise, as the API counts them.
        var matching = (await (await fixture.App.Client.GetAsync($"/api/initiatives/{id}/evidence")).ReadJsonAsync())["matching"]!;
        var matched = matching["matched"]!.GetValue<int>();
        var responses = matching["responses"]!.GetValue<int>();
        ((double)matched / responses).Should().BeApproximately(0.38, 0.02, "38% of exit-intent answers, as the description says");
        var matches = page.GetByTestId("evidence-matches");
        await Expect(matches.GetByTestId("matched")).ToHaveTextAsync(
            $"{matched.ToString("N0", CultureInfo.InvariantCulture)} of {responses.ToString("N0", CultureInfo.InvariantCulture)} match ({((double)matched / responses).ToString("0.0%", CultureInfo.InvariantCulture)})");
        await Expect(matches.GetByTestId("funnel")).ToContainTextAsync(new Regex(@"^[\d,]+ of [\d,]+ reached it; drop-off \d+\.\d% over 90 days$"));
        var samples = matches.GetByTestId("sample");
        await Expect(samples).ToHaveCountAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await Expect(samples.Nth(i)).ToContainTextAsync("Shipping cost surprise");
        }

        await Expect(samples.Locator("q").First).ToBeVisibleAsync();
        (await samples.Locator("q").First.InnerTextAsync()).Should().NotBeNullOrWhiteSpace("a shopper's own words");

        // Rescore now, from the page; it redirects, then the page is opened afresh until the run has derived the inputs.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rescore now" }).ClickAsync();
        await Expect(page.GetByTestId("rescore-started")).ToContainTextAsync(new Regex(@"Rescore \d+ started"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await page.GetByTestId("origin-impact").InnerTextAsync() != "Derived" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            await page.GotoAsync($"/initiatives/{id}");
        }

        // 38% cite it × 38.9% of carts not reaching checkout ≈ 14.8% lost to it: high (2), where the team had entered medium (1).
        await Expect(page.GetByTestId("origin-impact")).ToHaveTextAsync("Derived");
        await Expect(page.GetByTestId("input-impact")).ToContainTextAsync("Impact 2");
        await Expect(page.GetByTestId("input-impact")).ToContainTextAsync($"{matched.ToString("N0", CultureInfo.InvariantCulture)} of {responses.ToString("N0", CultureInfo.InvariantCulture)} responses");
        await Expect(page.GetByTestId("origin-reach")).ToHaveTextAsync("Derived");
        await Expect(page.GetByTestId("input-reach")).ToContainTextAsync(new Regex(@"add to cart over 90 days with data ÷ 90 × 91\.3125 days a quarter"));
        await Expect(page.GetByTestId("origin-confidence")).ToHaveTextAsync("Derived");
        await Expect(page.GetByTestId("input-confidence")).ToContainTextAsync("2 kinds of evidence (survey, funnel)");
        await Expect(page.GetByTestId("origin-effort")).ToHaveTextAsync("Manual");
        await Expect(page.GetByTestId("score-history").GetByTestId("score-history-row")).ToHaveCountAsync(1);

        // The evidence pages show the same invented shop.
        await page.GetByRole(AriaRole.Link, new() { Name = "Evidence", Exact = true }).ClickAsync();
        var reasons = page.GetByTestId("reasons-ExitIntent");
        await Expect(reasons.GetByRole(AriaRole.Rowheader, new() { Name = "Shipping cost surprise", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("funnel-steps").GetByRole(AriaRole.Rowheader, new() { Name = "Sessions", Exact = true })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/initiatives/(\d+)")]
    private static partial Regex InitiativeUrl();
}
