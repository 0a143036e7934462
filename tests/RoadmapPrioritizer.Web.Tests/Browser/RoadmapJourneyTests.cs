using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>What a product manager and an executive do, in a real browser.</summary>
public sealed partial class RoadmapJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    [Fact]
    public async Task PmCreatesAThemeAndAnInitiative_ExecutiveSeesItRankedWithItsBreakdown()
    {
        var page = await fixture.NewPageAsync();
        var theme = $"Gifting {Guid.NewGuid().ToString("N")[..6]}";

        // A product manager adds a theme.
        await page.GotoAsync("/themes");
        await Field(page, "Name").FillAsync(theme);
        await Field(page, "Description").FillAsync("Wrapping, notes and gift cards");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create theme" }).ClickAsync();
        await Expect(page.GetByText("Theme saved.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("theme-row").Filter(new() { HasText = theme })).ToBeVisibleAsync();

        // ...and an initiative in it, with RICE inputs and brand ratings.
        await page.GetByRole(AriaRole.Link, new() { Name = "+ New initiative" }).First.ClickAsync();
        await Field(page, "Title").FillAsync("Hand-written gift notes");
        await Field(page, "Theme").SelectOptionAsync(new SelectOptionValue { Label = theme });
        await Field(page, "Horizon").SelectOptionAsync("Short");
        await Field(page, "Funnel area").SelectOptionAsync("Checkout");
        await Field(page, "Reach").FillAsync("3000");
        await Field(page, "Impact").SelectOptionAsync("2");
        await Field(page, "Confidence").SelectOptionAsync("0.8");
        await Field(page, "Effort").FillAsync("0.5");
        await Field(page, "Craft storytelling").SelectOptionAsync("5");
        await Field(page, "Community impact").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create initiative" }).ClickAsync();

        // RICE 3000 x 2 x 0.8 / 0.5 = 9600; fit (5 + 0 + 4 + 0) / 4 = 2.25; x (0.5 + 0.45) = 9120.
        await Expect(page.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Priority 9,120" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rank")).ToHaveTextAsync("Rank 1");

        // An executive opens the ranked roadmap: it is first, and "Why?" explains the number.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ranked roadmap" }).First.ClickAsync();
        var row = page.GetByTestId("rank-row").First;
        await Expect(row).ToContainTextAsync("Hand-written gift notes");
        await Expect(row.Locator("td.rank")).ToHaveTextAsync("1");
        await row.GetByRole(AriaRole.Link, new() { Name = "Why is Hand-written gift notes scored this way?" }).ClickAsync();
        var breakdown = page.Locator(".breakdown-row").First;
        await Expect(breakdown).ToContainTextAsync("3,000 × 2 × 80% ÷ 0.5 = 9,600.0");
        await Expect(breakdown).ToContainTextAsync("(1×5 + 1×0 + 1×4 + 1×0) ÷ 4 = 2.25 of 5");
        await Expect(breakdown).ToContainTextAsync("9,600.0 × 0.95 = 9,120.0");
        page.Url.Should().EndWith("/", "the breakdown loads in place, without leaving the list");
    }

    [Fact]
    public async Task SavingAnInvalidInitiative_ShowsEachFieldsMessage_AndCreatesNothing()
    {
        var page = await fixture.NewPageAsync();
        var before = (await fixture.App.Client.GetStringAsync("/api/initiatives")).Length;

        await page.GotoAsync("/initiatives/new");
        await Field(page, "Reach").FillAsync("-5");
        await Field(page, "Effort").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create initiative" }).ClickAsync();

        await Expect(page.GetByText("Nothing was saved")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=title]")).ToHaveTextAsync("Title is required.");
        await Expect(page.Locator("[data-field=themeId]")).ToHaveTextAsync("Theme is required.");
        await Expect(page.Locator("[data-field=reach]")).ToHaveTextAsync("Reach cannot be negative.");
        await Expect(page.Locator("[data-field=effort]")).ToHaveTextAsync("Effort must be more than 0 person-months.");
        await Expect(Field(page, "Reach")).ToHaveValueAsync("-5");
        (await fixture.App.Client.GetStringAsync("/api/initiatives")).Length.Should().Be(before);
    }

    [Fact]
    public async Task FilteringTheRankedList_UpdatesInPlaceAndInTheAddressBar()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var marker = await page.EvaluateAsync<double>("() => (window.__marker = Math.random())");

        await Field(page, "Horizon").SelectOptionAsync("Long");

        await Expect(page).ToHaveURLAsync(LongHorizonUrl());
        await Expect(page.GetByTestId("rank-row").First).ToBeVisibleAsync();
        (await page.EvaluateAsync<double>("() => window.__marker")).Should().Be(marker, "htmx swapped the table, the page did not reload");
        foreach (var horizonCell in await page.GetByTestId("rank-row").Locator("td:nth-child(3)").AllInnerTextsAsync())
        {
            horizonCell.Should().Be("Long term");
        }
    }

    [Fact]
    public async Task SavingAnUntouchedForm_KeepsValuesEnteredThroughTheApiExactly()
    {
        var themeId = await Api.ApiClient.CreateThemeAsync(fixture.App.Client);
        var created = await Api.ApiClient.PostJsonAsync(
            fixture.App.Client, "/api/initiatives", Api.ApiClient.InitiativeJson(themeId, "Precise estimates", reach: 123.456, confidence: 0.65, effort: 0.125));
        var id = (await Api.ApiClient.ReadJsonAsync(created))["id"]!.GetValue<int>();
        var page = await fixture.NewPageAsync();

        await page.GotoAsync($"/initiatives/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();

        var stored = await Api.ApiClient.ReadJsonAsync(await fixture.App.Client.GetAsync($"/api/initiatives/{id}"));
        (stored["reach"]!.GetValue<double>(), stored["confidence"]!.GetValue<double>(), stored["effort"]!.GetValue<double>())
            .Should().Be((123.456, 0.65, 0.125));
    }

    /// <summary>The form control labelled exactly so ("Impact", not "Community impact").</summary>
    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    [GeneratedRegex("horizon=Long")]
    private static partial Regex LongHorizonUrl();
}
