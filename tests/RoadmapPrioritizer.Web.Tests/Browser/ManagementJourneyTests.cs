using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>Keeping the roadmap tidy: editing, parking, deleting, themes, lane KPIs, sorting, and a phone.</summary>
public sealed partial class ManagementJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    [Fact]
    public async Task PmRaisesAnInitiativesReach_PriorityAndRankFollowTheArithmetic()
    {
        // Impact 2, confidence 80%, effort 4; ratings 4, 3, 0 and one unrated: fit (4 + 3 + 0 + 0) / 4 = 1.75.
        const double Impact = 2, Confidence = 0.8, Effort = 4, Fit = (4 + 3 + 0 + 0) / 4.0;
        var title = $"Maker video diaries {Suffix()}";
        var id = await CreateInitiativeAsync(title, reach: 10, impact: Impact, confidence: Confidence, effort: Effort,
            ratings: """{"craft_storytelling": 4, "artisan_collaboration": 3, "community_impact": 0}""");
        static double PriorityFor(double reach) => reach * Impact * Confidence / Effort * (0.5 + (Fit / 5));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/initiatives/{id}");
        await Expect(Heading(page, $"Priority {Score(PriorityFor(10))}")).ToBeVisibleAsync(); // 10 x 2 x 0.8 / 4 x 0.85 = 3.4
        await Expect(page.GetByTestId("rank")).ToHaveTextAsync($"Rank {await ExpectedRankAsync(id, PriorityFor(10))}");

        const double NewReach = 250_000;
        var expectedRank = await ExpectedRankAsync(id, PriorityFor(NewReach));
        await Field(page, "Reach").FillAsync("250000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        // 250,000 x 2 x 0.8 / 4 = 100,000 RICE; x 0.85 = 85,000.
        await Expect(page.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        await Expect(Heading(page, $"Priority {Score(PriorityFor(NewReach))}")).ToBeVisibleAsync();
        Score(PriorityFor(NewReach)).Should().Be("85,000");
        await Expect(page.GetByTestId("rank")).ToHaveTextAsync($"Rank {expectedRank}");
        await Expect(Field(page, "Reach")).ToHaveValueAsync("250000");
    }

    [Fact]
    public async Task PmParksAnInitiative_ItLeavesTheRankingButIsListedAsParked_ThenDeletesIt()
    {
        var title = $"Pop-up workshop tour {Suffix()}";
        var id = await CreateInitiativeAsync(title);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(RowFor(page, title)).ToHaveCountAsync(1);

        await RowFor(page, title).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Park", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rank")).ToHaveTextAsync("Not ranked");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Park", Exact = true })).ToHaveCountAsync(0);

        // Off the ranked list (still to do), on the list of parked work, without a rank.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("rank-row").First).ToBeVisibleAsync();
        await Expect(RowFor(page, title)).ToHaveCountAsync(0);
        await Field(page, "Status").SelectOptionAsync(new SelectOptionValue { Label = "Parked" });
        await Expect(page).ToHaveURLAsync(ParkedUrl());
        await Expect(RowFor(page, title)).ToBeVisibleAsync();
        await Expect(RowFor(page, title).Locator("td.rank")).ToHaveTextAsync("–");

        // Delete it for good, with a confirmation step.
        await RowFor(page, title).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(Heading(page, title)).ToBeVisibleAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete it" });
        await Expect(confirm).ToBeHiddenAsync();
        await page.GetByText("Delete…").ClickAsync();
        await confirm.ClickAsync();

        await Expect(page).ToHaveURLAsync(fixture.App.BaseAddress.ToString());
        await Expect(Heading(page, "Ranked roadmap")).ToBeVisibleAsync();
        await Expect(RowFor(page, title)).ToHaveCountAsync(0);
        (await fixture.App.Client.GetAsync($"/api/initiatives/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PmRenamesRecoloursAndArchivesATheme_ItIsNoLongerOffered_AndADuplicateNameIsRefused()
    {
        var suffix = Suffix();
        var original = $"Seed kits {suffix}";
        var themeId = await fixture.App.Client.CreateThemeAsync(original);
        var other = $"Gift wrapping {suffix}";
        await fixture.App.Client.CreateThemeAsync(other);
        var renamed = $"Workshop boxes {suffix}";
        var page = await fixture.NewPageAsync();

        await page.GotoAsync($"/themes/{themeId}");
        await Field(page, "Name").FillAsync(renamed);
        await Field(page, "Colour").FillAsync("#aa3355");
        await page.GetByLabel("Archived").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save theme" }).ClickAsync();

        await Expect(page.GetByText("Theme saved.")).ToBeVisibleAsync();
        var row = page.GetByTestId("theme-row").Filter(new() { HasText = renamed });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Archived");
        await Expect(row.Locator(".theme-dot")).ToHaveCSSAsync("background-color", "rgb(170, 51, 85)");
        await Expect(page.GetByTestId("theme-row").Filter(new() { HasText = original })).ToHaveCountAsync(0);

        // No new work can land in an archived theme.
        await page.GotoAsync("/initiatives/new");
        var offered = await Field(page, "Theme").Locator("option").AllInnerTextsAsync();
        offered.Should().Contain(other).And.NotContain(o => o.Contains(suffix, StringComparison.Ordinal) && o != other);

        // Another theme's name, in other case: refused on the field, nothing changes.
        await page.GotoAsync($"/themes/{themeId}");
        await Field(page, "Name").FillAsync(other.ToUpperInvariant());
        await Field(page, "Description").FillAsync("Should not be saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save theme" }).ClickAsync();

        await Expect(page.GetByText("Nothing was saved")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=name]")).ToHaveTextAsync($"A theme named \"{other.ToUpperInvariant()}\" already exists.");
        await Expect(Field(page, "Name")).ToHaveValueAsync(other.ToUpperInvariant());
        await page.GotoAsync("/themes");
        await Expect(page.GetByTestId("theme-row").Filter(new() { HasText = renamed })).Not.ToContainTextAsync("Should not be saved");
        var names = await page.GetByTestId("theme-row").Locator("strong").AllInnerTextsAsync();
        names.Where(n => n.Contains(suffix, StringComparison.Ordinal)).Should().BeEquivalentTo([renamed, other]);
    }

    [Fact]
    public async Task ExecutiveChangesTheMidLaneKpi_ABlankKpiIsRefusedAndKeepsTheOldOne()
    {
        var kpi = $"Repeat purchase rate {Suffix()}";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/roadmap");
        var lane = page.GetByTestId("lane-Mid");

        await lane.GetByText("Change KPI").ClickAsync();
        await lane.GetByLabel("KPI", new() { Exact = true }).FillAsync(kpi);
        await lane.GetByLabel("Target", new() { Exact = true }).FillAsync("above 30%");
        await lane.GetByRole(AriaRole.Button, new() { Name = "Save KPI" }).ClickAsync();

        await Expect(page.GetByTestId("kpi-Mid")).ToHaveTextAsync($"KPI: {kpi} · target above 30%");
        await Expect(page.GetByTestId("kpi-Short")).Not.ToContainTextAsync(kpi);

        await lane.GetByText("Change KPI").ClickAsync();
        await lane.GetByLabel("KPI", new() { Exact = true }).FillAsync("  ");
        await lane.GetByRole(AriaRole.Button, new() { Name = "Save KPI" }).ClickAsync();

        await Expect(lane.GetByText("KPI is required.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("kpi-Mid")).ToHaveTextAsync($"KPI: {kpi} · target above 30%");
        await page.GotoAsync("/roadmap");
        await Expect(page.GetByTestId("kpi-Mid")).ToHaveTextAsync($"KPI: {kpi} · target above 30%");
    }

    [Fact]
    public async Task ExecutiveSortsByRice_BiggestFirst_AndOpensAndHidesABreakdown()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "RICE", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(RiceDescendingUrl());
        var header = page.Locator("table.ranking thead th").Filter(new() { HasText = "RICE" });
        await Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        var column = (await page.Locator("table.ranking thead th").AllInnerTextsAsync()).ToList().FindIndex(h => h.StartsWith("RICE", StringComparison.Ordinal));
        var rice = (await page.GetByTestId("rank-row").Locator($"td:nth-child({column + 1})").AllInnerTextsAsync())
            .Select(text => double.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture))
            .ToList();
        rice.Should().HaveCountGreaterThan(5).And.BeInDescendingOrder();

        var first = page.GetByTestId("rank-row").First;
        var id = await first.GetAttributeAsync("data-initiative-id");
        await first.GetByRole(AriaRole.Link, new() { Name = "Why is" }).ClickAsync();
        var breakdown = page.Locator($"#why-{id}");
        await Expect(breakdown).ToBeVisibleAsync();
        await Expect(breakdown).ToContainTextAsync("Priority = RICE × multiplier");

        await breakdown.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(breakdown).ToBeHiddenAsync();
        await Expect(page.Locator(".breakdown-row")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(RiceDescendingUrl());
    }

    [Fact]
    public async Task OnAPhone_TheRankingFits_AndTheMenuOpensToThemes()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await page.GotoAsync("/");

        await Expect(page.GetByTestId("rank-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rank-row").First.Locator("td.rank")).ToHaveTextAsync("1");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page does not scroll sideways");

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        var themes = menu.GetByRole(AriaRole.Link, new() { Name = "Themes", Exact = true });
        await Expect(themes).ToBeHiddenAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Expect(themes).ToBeVisibleAsync();
        await themes.ClickAsync();

        await Expect(page).ToHaveURLAsync(ThemesUrl());
        await Expect(Heading(page, "Roadmap themes")).ToBeVisibleAsync();
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>How the pages round a score: whole numbers from 100 up, one decimal below.</summary>
    private static string Score(double value) => value.ToString(value >= 100 ? "#,0" : "#,0.#", CultureInfo.InvariantCulture);

    private async Task<int> CreateInitiativeAsync(string title, double reach = 2000, double impact = 1, double confidence = 0.8, double effort = 4,
        string ratings = """{"craft_storytelling": 5, "artisan_collaboration": 3}""")
    {
        var themeId = await fixture.App.Client.CreateThemeAsync($"Theme {Suffix()}");
        var response = await fixture.App.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, title, reach, impact, confidence, effort, ratings));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    /// <summary>1 + the ranked initiatives (other than this one) with a higher priority.</summary>
    private async Task<int> ExpectedRankAsync(int id, double priority)
    {
        var rankings = await fixture.App.Client.GetFromJsonAsync<List<Ranking>>("/api/rankings");
        return 1 + rankings!.Count(r => r.Id != id && r.PriorityScore > priority);
    }

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    private static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private static ILocator RowFor(IPage page, string title) => page.GetByTestId("rank-row").Filter(new() { HasText = title });

    [GeneratedRegex("status=Parked")]
    private static partial Regex ParkedUrl();

    [GeneratedRegex("sort=rice&dir=desc")]
    private static partial Regex RiceDescendingUrl();

    [GeneratedRegex("/themes$")]
    private static partial Regex ThemesUrl();

    private sealed record Ranking(int Id, double PriorityScore);
}
