using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Ingestion;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>The app with the test connector, and a browser.</summary>
public sealed class JobsJourneyFixture : IAsyncLifetime
{
    public SqliteIngestionApp App { get; } = new();

    public BrowserFixture Browser { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(App.InitializeAsync(), Browser.InitializeAsync());

    public async Task<IPage> NewAdminPageAsync()
    {
        var context = await Browser.Browser.NewContextAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => throw new InvalidOperationException($"JavaScript error on {page.Url}: {error}");
        await JourneyFixture.SignInAsync(page, AppFixture.AdminEmail);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}

public sealed class JobsJourneyTests(JobsJourneyFixture fixture) : IClassFixture<JobsJourneyFixture>
{
    [Fact]
    public async Task Admin_runs_a_source_now_and_watches_it_finish_with_its_counts()
    {
        var (_, name) = await fixture.App.Client.CreateSourceAsync(settings: "\"pages\": \"3\", \"pageSize\": \"2\", \"delayMs\": \"400\"");
        var page = await fixture.NewAdminPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs and data sources" })).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-source='{name}']");
        await Expect(row.GetByText("never run")).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Run {name} now" }).ClickAsync();

        // While it runs, the row shows its progress and htmx refreshes it every second...
        var progress = row.GetByTestId("run-progress");
        await Expect(progress).ToHaveAttributeAsync("data-state", "Running");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Run {name} now" })).ToBeDisabledAsync();

        // ...until it has finished, without reloading the page.
        await Expect(progress).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 15_000 });
        await Expect(progress).ToContainTextAsync("6 added · 0 already present · 0 rejected");
        await Expect(progress).ToContainTextAsync("by admin@example.com");
        page.Url.Should().EndWith("/admin/jobs");
    }
}
