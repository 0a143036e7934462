using Microsoft.Playwright;
using RoadmapPrioritizer.Web.Tests.Api;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>Two people in two browsers editing the same record: the second save is refused and says why.</summary>
public sealed class EditConflictJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    [Fact]
    public async Task TwoPmsEditTheSameInitiative_TheSecondSeesWhatTheFirstChanged_AndNothingIsOverwritten()
    {
        var (id, title) = await CreateInitiativeAsync();
        var priya = await fixture.NewPageAsync();
        var tom = await fixture.NewPageAsync();
        await priya.GotoAsync($"/initiatives/{id}");
        await tom.GotoAsync($"/initiatives/{id}");

        await Field(priya, "Reach").FillAsync("3000");
        await SaveAsync(priya);
        await Expect(priya.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();

        var tomsTitle = $"{title}, handwritten";
        await Field(tom, "Title").FillAsync(tomsTitle);
        await SaveAsync(tom);

        var conflict = tom.GetByTestId("edit-conflict");
        await Expect(conflict).ToContainTextAsync("Someone else saved this initiative while you were editing it, so nothing was saved.");
        await Expect(conflict.Locator("li")).ToHaveTextAsync(["Reach: 2,000 → 3,000 (changed by someone else)"]);
        await Expect(tom.GetByText("Saved. Scores and ranks are up to date.")).ToHaveCountAsync(0);
        await Expect(Field(tom, "Title")).ToHaveValueAsync(tomsTitle);
        var stored = await GetAsync(id);
        (stored.Title, stored.Reach, stored.Version).Should().Be((title, 3000d, 2), "Priya's save stands and Tom's wrote nothing");

        // Tom takes Priya's version and makes his change on top of it.
        await conflict.GetByRole(AriaRole.Link, new() { Name = "load their version" }).ClickAsync();
        await Expect(Field(tom, "Reach")).ToHaveValueAsync("3000");
        await Expect(Field(tom, "Title")).ToHaveValueAsync(title);
        await Field(tom, "Title").FillAsync(tomsTitle);
        await SaveAsync(tom);

        await Expect(tom.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        stored = await GetAsync(id);
        (stored.Title, stored.Reach, stored.Version).Should().Be((tomsTitle, 3000d, 3));
    }

    [Fact]
    public async Task AfterAConflict_SavingAgainIsADeliberateOverwrite_AndAThirdEditIsRefusedAgain()
    {
        var (id, title) = await CreateInitiativeAsync();
        var priya = await fixture.NewPageAsync();
        var tom = await fixture.NewPageAsync();
        await priya.GotoAsync($"/initiatives/{id}");
        await tom.GotoAsync($"/initiatives/{id}");
        await Field(priya, "Effort").FillAsync("2");
        await SaveAsync(priya);
        await Expect(priya.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();

        await Field(tom, "Effort").FillAsync("8");
        await SaveAsync(tom);
        await Expect(tom.GetByTestId("edit-conflict").Locator("li")).ToHaveTextAsync(["Effort: 4 → 2 (changed by someone else)"]);
        await Expect(Field(tom, "Effort")).ToHaveValueAsync("8");

        // Priya saves again before Tom confirms: Tom's second save is refused too, now against version 3.
        await priya.GotoAsync($"/initiatives/{id}");
        await Field(priya, "Owner").FillAsync("Priya");
        await SaveAsync(priya);
        await Expect(priya.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        await SaveAsync(tom);
        await Expect(tom.GetByTestId("edit-conflict").Locator("li")).ToHaveTextAsync(["Owner: (empty) → \"Priya\" (changed by someone else)"]);

        // Having seen both, Tom saves his form as it stands.
        await SaveAsync(tom);

        await Expect(tom.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        var stored = await GetAsync(id);
        (stored.Title, stored.Effort, stored.Owner, stored.Version).Should().Be((title, 8d, string.Empty, 4));
    }

    [Fact]
    public async Task ParkingOrDeletingAnInitiativeSomeoneJustChanged_IsRefused_UntilDoneAgain()
    {
        var (id, _) = await CreateInitiativeAsync();
        var tom = await fixture.NewPageAsync();
        await tom.GotoAsync($"/initiatives/{id}");
        (await fixture.App.Client.PutJsonAsync($"/api/initiatives/{id}", """{"status": "Planned"}""")).EnsureSuccessStatusCode();

        await tom.GetByRole(AriaRole.Button, new() { Name = "Park", Exact = true }).ClickAsync();
        await Expect(tom.GetByText("Someone else saved this initiative after you opened it, so it was not parked.")).ToBeVisibleAsync();
        (await GetStatusAsync(id)).Should().Be("Planned");

        (await fixture.App.Client.PutJsonAsync($"/api/initiatives/{id}", """{"owner": "Priya"}""")).EnsureSuccessStatusCode();
        await tom.GetByText("Delete…").ClickAsync();
        await tom.GetByRole(AriaRole.Button, new() { Name = "Yes, delete it" }).ClickAsync();
        await Expect(tom.GetByText("Someone else saved this initiative after you opened it, so it was not deleted.")).ToBeVisibleAsync();
        (await GetStatusAsync(id)).Should().Be("Planned");

        // The refusal showed the current version, so parking now is parking what Tom sees.
        await tom.GetByRole(AriaRole.Button, new() { Name = "Park", Exact = true }).ClickAsync();
        await Expect(tom.GetByText("Saved. Scores and ranks are up to date.")).ToBeVisibleAsync();
        (await GetStatusAsync(id)).Should().Be("Parked");
    }

    [Fact]
    public async Task TwoPeopleEditTheSameTheme_TheSecondSeesWhatTheFirstChanged()
    {
        var name = $"Seed kits {Guid.NewGuid().ToString("N")[..8]}";
        var themeId = await fixture.App.Client.CreateThemeAsync(name);
        var first = await fixture.NewPageAsync();
        var second = await fixture.NewPageAsync();
        await first.GotoAsync($"/themes/{themeId}");
        await second.GotoAsync($"/themes/{themeId}");

        await Field(first, "Name").FillAsync($"{name} and boxes");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save theme" }).ClickAsync();
        await Expect(first.GetByText("Theme saved.")).ToBeVisibleAsync();
        await Field(second, "Description").FillAsync("Everything to start growing");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save theme" }).ClickAsync();

        await Expect(second.GetByTestId("edit-conflict").Locator("li")).ToHaveTextAsync([$"Name: \"{name}\" → \"{name} and boxes\" (changed by someone else)"]);
        await Expect(Field(second, "Description")).ToHaveValueAsync("Everything to start growing");
        var stored = await (await fixture.App.Client.GetAsync($"/api/themes/{themeId}")).ReadJsonAsync();
        (stored["name"]!.GetValue<string>(), stored["description"]!.GetValue<string>(), stored["version"]!.GetValue<int>())
            .Should().Be(($"{name} and boxes", string.Empty, 2));
    }

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    private static Task SaveAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

    /// <summary>Reach 2,000, impact 1, confidence 80%, effort 4, no owner: version 1.</summary>
    private async Task<(int Id, string Title)> CreateInitiativeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var title = $"Gift notes {suffix}";
        var themeId = await fixture.App.Client.CreateThemeAsync($"Theme {suffix}");
        var response = await fixture.App.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, title));
        response.EnsureSuccessStatusCode();
        return ((await response.ReadJsonAsync())["id"]!.GetValue<int>(), title);
    }

    private async Task<string> GetStatusAsync(int id) =>
        (await (await fixture.App.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync())["status"]!.GetValue<string>();

    private async Task<(string Title, double Reach, double Effort, string Owner, int Version)> GetAsync(int id)
    {
        var body = await (await fixture.App.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        return (body["title"]!.GetValue<string>(), body["reach"]!.GetValue<double>(), body["effort"]!.GetValue<double>(),
            body["owner"]!.GetValue<string>(), body["version"]!.GetValue<int>());
    }
}
