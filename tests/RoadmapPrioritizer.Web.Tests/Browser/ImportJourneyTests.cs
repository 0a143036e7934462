using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>Importing a CSV file in a real browser: upload, preview with its errors, confirm.</summary>
public sealed class ImportJourneyTests(JourneyFixture fixture) : IClassFixture<JourneyFixture>
{
    // An exit-intent survey export: three good responses, and two lines the importer rejects.
    private static readonly byte[] ExitSurvey = Encoding.UTF8.GetBytes("""
        response_id,date,type,answer,comment,rating
        ex-1,2026-11-01T10:00:00Z,exit-intent,Shipping cost,Too much postage,
        ex-2,last tuesday,exit-intent,Price,,
        ex-3,2026-11-02T11:00:00Z,nps,,Lovely mugs,9
        ex-4,2026-11-03T12:00:00Z,nps,,Meh,eleven
        ex-5,2026-11-03T12:30:00Z,post-purchase,Gift wrap,,
        """);

    [Fact]
    public async Task AdminUploadsASurveyExport_SeesThePreviewAndItsRejectedLines_Confirms_AndTheSameFileAgainAddsNothing()
    {
        var page = await fixture.NewPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Imports" }).ClickAsync();
        await UploadAsync(page, "exit-survey.csv", ExitSurvey, source: "exit-survey");

        // The preview: how each column is read, and what importing would do.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preview of exit-survey.csv" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Nothing has been imported yet")).ToBeVisibleAsync();
        await Expect(Field(page, "submitted_at")).ToHaveValueAsync("date");
        await Expect(Field(page, "score")).ToHaveValueAsync("rating");
        await Expect(page.GetByTestId("dry-run")).ToHaveTextAsync("3 would be added, 0 already present, 2 lines rejected.");
        var errors = page.GetByTestId("import-error");
        await Expect(errors).ToHaveCountAsync(2);
        await Expect(errors.Nth(0)).ToContainTextAsync("3");
        await Expect(errors.Nth(0)).ToContainTextAsync("'last tuesday' is not a date and time");
        await Expect(errors.Nth(1)).ToContainTextAsync("5");
        await Expect(errors.Nth(1)).ToContainTextAsync("'eleven' is not a number");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "First lines of the file" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(6);

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 records" }).ClickAsync();

        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("3 added, 0 already present, 2 rejected");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "See the evidence" })).ToHaveAttributeAsync("href", "/evidence");

        // The same export again: everything in it is already there.
        await page.GetByRole(AriaRole.Link, new() { Name = "Import another file" }).ClickAsync();
        await Expect(page.GetByTestId("upload-run").First).ToContainTextAsync("exit-survey");
        await UploadAsync(page, "exit-survey.csv", ExitSurvey, source: "exit-survey");
        await Expect(page.GetByTestId("dry-run")).ToContainTextAsync("0 would be added, 3 already present");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 records" }).ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("0 added, 3 already present, 2 rejected");
    }

    [Fact]
    public async Task ChoosingTheColumnTheMatchMissed_RereadsThePreviewInPlace()
    {
        var page = await fixture.NewPageAsync();
        var file = Encoding.UTF8.GetBytes("""
            Answered on,What they said
            2026-11-05T09:00:00Z,Please offer gift wrap
            2026-11-06T09:00:00Z,Loved the glaze
            """);

        await page.GotoAsync("/imports");
        await Field(page, "Survey type").SelectOptionAsync("FeatureRequest");
        await UploadAsync(page, "typeform.csv", file, source: "typeform");

        await Expect(page.GetByTestId("file-problem")).ToContainTextAsync("Missing submitted_at");
        var marker = await page.EvaluateAsync<double>("() => (window.__marker = Math.random())");
        await Field(page, "submitted_at").SelectOptionAsync("Answered on");

        await Expect(page.GetByTestId("dry-run")).ToHaveTextAsync("2 would be added, 0 already present, 0 lines rejected.");
        await Expect(page.GetByTestId("file-problem")).ToBeHiddenAsync();
        (await page.EvaluateAsync<double>("() => window.__marker")).Should().Be(marker, "htmx re-ran the preview in place");

        await Field(page, "text").SelectOptionAsync("What they said");
        await Expect(page.Locator("th.mapped").Filter(new() { HasText = "What they said" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 records" }).ClickAsync();
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("2 added, 0 already present, 0 rejected");
    }

    private static async Task UploadAsync(IPage page, string name, byte[] content, string source)
    {
        await Field(page, "What the file holds").SelectOptionAsync(new SelectOptionValue { Label = "Survey responses" });
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Columns of Survey responses" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Columns of Orders" })).ToBeHiddenAsync();
        await Field(page, "Source").FillAsync(source);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and preview" }).ClickAsync();
    }

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });
}
