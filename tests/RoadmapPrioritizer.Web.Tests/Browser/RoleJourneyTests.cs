using Microsoft.Playwright;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Web.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>The same initiative seen by a product manager, who edits it, and by an executive, who cannot.</summary>
public sealed class RoleJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    [Fact]
    public async Task ProductManagerEdits_ExecutiveSeesTheChangeButCannotEdit()
    {
        var themeId = await fixture.App.Client.CreateThemeAsync();
        var created = await fixture.App.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, "Glaze swatch cards"));
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();
        var (pmEmail, _) = await fixture.App.CreateUserAsync(Roles.ProductManager);
        var (execEmail, _) = await fixture.App.CreateUserAsync(Roles.Executive);

        // The product manager signs in and raises the reach.
        var pm = await fixture.NewPageAsync(email: pmEmail);
        await pm.GotoAsync($"/initiatives/{id}");
        await pm.GetByLabel("Reach", new() { Exact = true }).FillAsync("4000");
        await pm.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(pm.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();

        // The executive sees the new score (4000 x 1 x 0.8 / 4 = 800 RICE; fit 2 -> x0.9 = 720) but only read-only inputs.
        var exec = await fixture.NewPageAsync(email: execEmail);
        await exec.GotoAsync($"/initiatives/{id}");
        await Expect(exec.GetByRole(AriaRole.Heading, new() { Name = "Priority 720" })).ToBeVisibleAsync();
        await Expect(exec.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(exec.GetByLabel("Reach", new() { Exact = true })).ToBeDisabledAsync();
        await Expect(exec.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToBeDisabledAsync();
        await Expect(exec.GetByText("Delete…")).ToHaveCountAsync(0);
        await Expect(exec.GetByRole(AriaRole.Link, new() { Name = "+ New initiative" })).ToHaveCountAsync(0);

        // ...and may still decide: comment, approve the idea, then park it.
        await exec.GetByLabel("Add a comment").FillAsync("Worth trying before the spring fair.");
        await exec.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Expect(exec.GetByTestId("comment")).ToContainTextAsync("Worth trying before the spring fair.");
        await Expect(exec.GetByTestId("comment")).ToContainTextAsync(execEmail);
        await exec.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(exec.Locator(".status-badge")).ToHaveTextAsync("Planned");
        await exec.GetByRole(AriaRole.Button, new() { Name = "Park", Exact = true }).ClickAsync();
        await Expect(exec.GetByTestId("rank")).ToHaveTextAsync("Not ranked");

        // Pages an executive may not open send them to the access-denied page.
        await exec.GotoAsync("/admin/users");
        await Expect(exec.GetByRole(AriaRole.Heading, new() { Name = "Your role does not allow this" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SigningOut_EndsTheSession()
    {
        var page = await fixture.NewPageAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync("/themes");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        page.Url.Should().Contain("/account/login");
    }
}
