using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Incidents;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>An executive notices a funnel fall on the ranked roadmap and follows it to the work that could answer it, in a real browser (in an empty shop: the demo's funnel would be added to the fall's).</summary>
public sealed class IncidentJourneyTests(EmptyShopJourneyFixture fixture) : IClassFixture<EmptyShopJourneyFixture>
{
    [Fact]
    public async Task ExecutiveSeesTheBanner_OpensTheIncident_AndReachesTheHighlightedInitiative()
    {
        // Checkout completion fell from 5.0% to 3.5% (245 of 7,000) the week to 30 Nov: -30% week over week.
        var (express, _) = await IncidentSeed.EnsureAsync(fixture.App);
        var (email, _) = await fixture.App.CreateUserAsync("Executive");
        var page = await fixture.NewPageAsync(email: email);

        var banner = page.GetByTestId("incident-banner");
        await Expect(banner).ToContainTextAsync("A funnel incident is open:");
        await Expect(banner).ToContainTextAsync("Checkout completed conversion down 30.0% on the week before (3.5% vs 5.0%), since Sat 28 Nov 2026.");
        var row = page.Locator($"[data-testid=rank-row][data-initiative-id='{express}']");
        await Expect(row).ToHaveClassAsync(new Regex("table-warning"));
        await Expect(row.GetByTestId("incident-badge")).ToHaveTextAsync("Checkout completed \u221230.0% w/w");
        await Expect(page.GetByTestId("incident-badge")).ToHaveCountAsync(1);

        await banner.GetByRole(AriaRole.Link, new() { Name = "See incidents" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funnel incidents" })).ToBeVisibleAsync();
        var open = page.GetByTestId("incidents-open").GetByTestId("incident");
        await Expect(open).ToHaveCountAsync(1);
        await Expect(open.GetByTestId("incident-arithmetic")).ToHaveTextAsync("Checkout completed: 3.5% (245 of 7,000) this week vs 5.0% (350 of 7,000) the week before (\u221230.0%)");
        await Expect(page.GetByTestId("incidents-closed").GetByTestId("incident")).ToContainTextAsync("Recovered on 2026-10-29");

        await open.GetByRole(AriaRole.Link, new() { Name = "Express checkout" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/initiatives/{express}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Express checkout" })).ToBeVisibleAsync();
    }
}
