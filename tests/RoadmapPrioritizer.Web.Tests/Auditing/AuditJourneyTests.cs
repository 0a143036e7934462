using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Api;
using RoadmapPrioritizer.Web.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Auditing;

/// <summary>The audit app and a browser shared by one class of journeys.</summary>
public sealed class AuditJourneyFixture : IAsyncLifetime
{
    public SqliteAuditApp App { get; } = new();

    public BrowserFixture Browser { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(App.InitializeAsync(), Browser.InitializeAsync());

    /// <summary>A fresh page signed in as <paramref name="user"/>, failing the test on any browser-side error.</summary>
    public async Task<IPage> NewPageAsync(TestUser user, int width = 1280, int height = 900)
    {
        var context = await Browser.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {await App.TokenOfAsync(user)}" },
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => throw new InvalidOperationException($"JavaScript error on {page.Url}: {error}");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}

public sealed partial class AuditJourneyTests(AuditJourneyFixture fixture) : IClassFixture<AuditJourneyFixture>
{
    [Fact]
    public async Task PmChangesARating_TheInitiativesHistoryShowsItWithWhoAndWhen()
    {
        var pm = new TestUser($"pat-{Guid.NewGuid():N}@shop.example", "ProductManager");
        var client = (await fixture.App.ClientAsync(pm));
        var themeId = await client.CreateThemeAsync();
        var created = await client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, title: "Glaze workshop videos"));
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();
        var page = await fixture.NewPageAsync(pm);

        await page.GotoAsync($"/initiatives/{id}");
        await page.GetByLabel("Craft storytelling").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        var latest = page.GetByTestId("history-entry").First;
        await Expect(latest).ToContainTextAsync("brand rating craft_storytelling");
        await Expect(latest).ToContainTextAsync(pm.Email);
        await Expect(latest.Locator("[data-field=rating]")).ToHaveTextAsync(new Regex(@"rating:\s*5\s*→\s*2"));
    }

    [Fact]
    public async Task OnAPhone_AnExecutiveFiltersTheTrail_ItFitsAndShowsBeforeAndAfter()
    {
        var pm = new TestUser($"sam-{Guid.NewGuid():N}@shop.example", "ProductManager");
        var client = (await fixture.App.ClientAsync(pm));
        var themeId = await client.CreateThemeAsync();
        var created = await client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, reach: 2000));
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();
        (await client.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 3000, "description": "A long description that has to wrap on a narrow phone screen rather than push the page sideways: mugs, bowls, vases and plates."}""")).EnsureSuccessStatusCode();
        var page = await fixture.NewPageAsync(TestUser.Executive, 390, 844);

        await page.GotoAsync($"/audit?actor={await fixture.App.IdOfAsync(pm)}");
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(5); // theme, initiative, two ratings, the update
        await page.GetByLabel("Change", new() { Exact = true }).SelectOptionAsync("Updated");

        await Expect(page).ToHaveURLAsync(new Regex("action=Updated"));
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(1);
        var row = page.GetByTestId("audit-row");
        await Expect(row.Locator("[data-field=reach]")).ToHaveTextAsync(new Regex(@"reach:\s*2000\s*→\s*3000"));
        await Expect(row).ToContainTextAsync(pm.Name);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page does not scroll sideways");
        (await page.EvaluateAsync<int>("() => document.querySelector('.table-responsive').scrollWidth")).Should().BeLessThanOrEqualTo(390, "nor does the table");
    }
}
