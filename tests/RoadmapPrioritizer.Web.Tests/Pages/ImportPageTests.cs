using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Tests.Pages;

/// <summary>The CSV upload pages over real HTTP, posted as a browser without JavaScript posts them.</summary>
public abstract partial class ImportPageTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    // Three good responses; line 3 has no valid date and line 5 no valid score.
    private const string Survey = """
        id,submitted_at,survey_type,reason,text,score
        MARK-1,2026-11-01T10:00:00Z,exit-intent,Shipping cost,Too much postage,
        MARK-2,last tuesday,exit-intent,Price,,
        MARK-3,2026-11-02T11:00:00Z,nps,,Lovely mugs,9
        MARK-4,2026-11-03T12:00:00Z,nps,,Meh,eleven
        MARK-5,2026-11-03T12:30:00Z,post-purchase,Gift wrap,,
        """;

    [Fact]
    public async Task ImportsPage_IsForProductManagersAndAdmins_NotExecutives()
    {
        var (_, pmToken) = await app.CreateUserAsync(Roles.ProductManager);
        var (_, executiveToken) = await app.CreateUserAsync(Roles.Executive);
        using var pm = app.CreateClient(pmToken);
        using var executive = app.CreateClient(executiveToken);

        var page = await pm.GetAsync("/imports");
        var asAdmin = await app.Client.GetAsync("/imports");
        var asExecutive = await executive.GetAsync("/imports");
        var executiveHome = await executive.GetStringAsync("/");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.Should().Contain("Import a CSV file").And.Contain("href=\"/imports\"", "the nav links to it");
        html.Should().Contain("accept=\".csv,text/csv\"").And.Contain("enctype=\"multipart/form-data\"");
        html.Should().Contain("<code>submitted_at</code>").And.Contain("response_date").And.Contain("<code>checkout_completed</code>").And.Contain("invoice_no");
        asAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
        asExecutive.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        executiveHome.Should().NotContain("href=\"/imports\"");
    }

    [Fact]
    public async Task UploadingAFile_ShowsThePreview_AndConfirmingImportsIt_Once()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);
        var marker = Marker();
        var source = $"survey-{marker}";

        var uploaded = await UploadAsync(browser, SurveyFile(marker), source: source);
        var preview = WebUtility.HtmlDecode(await uploaded.Content.ReadAsStringAsync());

        uploaded.StatusCode.Should().Be(HttpStatusCode.OK);
        var previewUrl = uploaded.RequestMessage!.RequestUri!.AbsolutePath;
        previewUrl.Should().MatchRegex("^/imports/[0-9a-f-]{36}$");
        preview.Should().Contain("3 would be added").And.Contain("0 already present").And.Contain("2 lines rejected");
        ErrorLines(preview).Should().Equal((3, "submitted_at"), (5, "score"));
        preview.Should().Contain("'last tuesday' is not a date and time").And.Contain("'eleven' is not a number");
        preview.Should().Contain($"{marker}-4", "the first lines of the file are shown");
        preview.Should().Contain("Nothing has been imported yet");
        (await CountAsync(source)).Should().Be(0);

        var confirmed = await browser.PostFormAsync(previewUrl, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });
        var again = await browser.PostFormAsync(previewUrl, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync());
        result.Should().Contain("3 added</strong>, 0 already present").And.Contain("2 rejected").And.Contain("href=\"/evidence\"");
        ErrorLines(result).Should().Equal((3, "submitted_at"), (5, "score"));
        again.StatusCode.Should().Be(HttpStatusCode.Gone);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).Should().Contain("This upload is no longer waiting");
        (await CountAsync(source)).Should().Be(3);

        var list = WebUtility.HtmlDecode(await browser.GetStringAsync("/imports"));
        list.Should().Contain(source, "recent uploads list the run");
    }

    [Fact]
    public async Task TheSameFileUploadedAgain_Adds0_And3AreAlreadyPresent()
    {
        var (browser, _) = await SignedInAsync(Roles.Admin);
        var marker = Marker();
        var first = await UploadAsync(browser, SurveyFile(marker), source: $"again-{marker}");
        await browser.PostFormAsync(first.RequestMessage!.RequestUri!.AbsolutePath, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });

        var second = await UploadAsync(browser, SurveyFile(marker), source: $"again-{marker}");
        var confirmed = await browser.PostFormAsync(second.RequestMessage!.RequestUri!.AbsolutePath, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });

        WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()).Should().Contain("0 would be added").And.Contain("3 already present");
        WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()).Should().Contain("0 added</strong>, 3 already present");
        (await CountAsync($"again-{marker}")).Should().Be(3);
    }

    [Fact]
    public async Task ChangingAColumn_RereadsTheFile_AndConfirmImportsWithTheChosenColumns()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);
        var marker = Marker();
        var file = $"""
            When,Comment,Long answer
            2026-11-01T10:00:00Z,short {marker},the long one {marker}
            """;

        var uploaded = await UploadAsync(browser, file, source: $"mapped-{marker}", surveyType: "ExitIntent");
        var url = uploaded.RequestMessage!.RequestUri!.AbsolutePath;
        var before = WebUtility.HtmlDecode(await uploaded.Content.ReadAsStringAsync());
        var remapped = await browser.PostFormAsync(url, "pending", new Dictionary<string, string>
        {
            ["Mapping[submitted_at]"] = "When",
            ["Mapping[text]"] = "Long answer",
            ["Mapping[reason]"] = "",
        });
        var after = WebUtility.HtmlDecode(await remapped.Content.ReadAsStringAsync());
        await browser.PostFormAsync(url, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });

        before.Should().Contain("This file cannot be imported as it is").And.Contain("Missing submitted_at");
        SelectedColumn(before, "text").Should().Be("Comment");
        SelectedColumn(before, "submitted_at").Should().Be("");
        after.Should().NotContain("This file cannot be imported").And.Contain("1 would be added");
        SelectedColumn(after, "submitted_at").Should().Be("When");
        SelectedColumn(after, "text").Should().Be("Long answer");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        (await db.SurveyResponses.Where(r => r.Text!.EndsWith(marker)).Select(r => r.Text).SingleAsync()).Should().Be($"the long one {marker}");
    }

    [Fact]
    public async Task ConfirmingAfterChangingAColumnWithoutUpdating_ShowsTheNewPreviewInstead_AndImportsNothing()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);
        var marker = Marker();
        var uploaded = await UploadAsync(browser, SurveyFile(marker), source: $"changed-{marker}");

        var response = await browser.PostFormAsync(uploaded.RequestMessage!.RequestUri!.AbsolutePath, "pending", new Dictionary<string, string>
        {
            ["Action"] = "confirm",
            ["Mapping[score]"] = "",
            ["Previewed[score]"] = "score",
        });

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain("You changed the columns").And.Contain("1 line rejected");
        (await CountAsync($"changed-{marker}")).Should().Be(0);
    }

    [Fact]
    public async Task AnotherProductManager_CannotSeeConfirmOrDiscardSomeoneElsesUpload()
    {
        var (owner, _) = await SignedInAsync(Roles.ProductManager);
        var (other, _) = await SignedInAsync(Roles.ProductManager);
        var marker = Marker();
        var url = (await UploadAsync(owner, SurveyFile(marker), source: $"theirs-{marker}")).RequestMessage!.RequestUri!.AbsolutePath;

        var seen = await other.GetAsync(url);
        var confirmed = await other.PostFormAsync(url, "pending", new Dictionary<string, string> { ["Action"] = "confirm" });
        var discarded = await other.PostFormAsync(url, "pending", new Dictionary<string, string> { ["Action"] = "discard" });

        seen.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        confirmed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync()).Should().Contain("This upload is someone else's");
        discarded.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CountAsync($"theirs-{marker}")).Should().Be(0);
        (await owner.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK, "it is still waiting for its uploader");
    }

    [Fact]
    public async Task Discarding_ForgetsTheUpload_AndSaysSo()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);
        var marker = Marker();
        var url = (await UploadAsync(browser, SurveyFile(marker), source: $"discarded-{marker}")).RequestMessage!.RequestUri!.AbsolutePath;

        var discarded = await browser.PostFormAsync(url, "pending", new Dictionary<string, string> { ["Action"] = "discard" });

        discarded.RequestMessage!.RequestUri!.PathAndQuery.Should().Be("/imports?discarded=true");
        WebUtility.HtmlDecode(await discarded.Content.ReadAsStringAsync()).Should().Contain("The upload was discarded");
        (await browser.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Gone);
        (await CountAsync($"discarded-{marker}")).Should().Be(0);
    }

    [Fact]
    public async Task AFileThatIsNotUtf8_OrEmpty_OrMissing_IsRefusedOnTheUploadPage_WithWhy()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);

        var latin1 = await UploadAsync(browser, Encoding.Latin1.GetBytes("submitted_at,text\n2026-11-01T10:00:00Z,Très bien\n"));
        var empty = await UploadAsync(browser, []);
        var none = await browser.PostFormAsync("/imports", "upload", new Dictionary<string, string> { ["Form.Kind"] = "survey-responses" });

        foreach (var response in new[] { latin1, empty, none })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/imports", "nothing was kept to preview");
        }

        WebUtility.HtmlDecode(await latin1.Content.ReadAsStringAsync()).Should().Contain("Nothing was uploaded").And.Contain("is not UTF-8 text");
        WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()).Should().Contain("The file is empty");
        WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()).Should().Contain("Nothing was uploaded: choose a CSV file.");
    }

    [Fact]
    public async Task InvalidOptions_AreShownByTheirFields()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);

        var response = await UploadAsync(browser, Encoding.UTF8.GetBytes(SurveyFile(Marker())), currency: "POUNDS", surveyType: "Quiz");

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/imports");
        html.Should().Contain("data-field=\"currency\"").And.Contain("data-field=\"surveyType\"").And.Contain("Survey type must be one of");
    }

    [Fact]
    public async Task AFileOverTheBrowserLimit_IsRefusedWithTheLimit()
    {
        var (browser, _) = await SignedInAsync(Roles.ProductManager);
        var justOver = new byte[(50 * 1024 * 1024) + (512 * 1024)];
        var farOver = new byte[60 * 1024 * 1024];

        var checkedByThePage = await UploadAsync(browser, justOver);
        var refusedBeforeReading = await UploadAsync(browser, farOver);

        WebUtility.HtmlDecode(await checkedByThePage.Content.ReadAsStringAsync()).Should().Contain("(50.5 MB) is over the 50 MB limit for uploads in the browser");
        refusedBeforeReading.RequestMessage!.RequestUri!.PathAndQuery.Should().Be("/imports?tooLarge=true");
        WebUtility.HtmlDecode(await refusedBeforeReading.Content.ReadAsStringAsync()).Should().Contain("That file is larger than 50 MB");
    }

    private static string Marker() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>The survey file with ids of its own, so tests sharing an app do not see each other's responses.</summary>
    private static string SurveyFile(string marker) => Survey.Replace("MARK", marker, StringComparison.Ordinal);

    private async Task<(HttpClient Browser, string Email)> SignedInAsync(string role)
    {
        var email = role == Roles.Admin ? AppFixture.AdminEmail : (await app.CreateUserAsync(role)).Email;
        var browser = app.CreateCookieClient();
        (await browser.SignInAsync(email, AppFixture.Password)).EnsureSuccessStatusCode();
        return (browser, email);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient browser, string csv, string source = "csv-uploads", string surveyType = "") =>
        UploadAsync(browser, Encoding.UTF8.GetBytes(csv), source, surveyType: surveyType);

    private static Task<HttpResponseMessage> UploadAsync(HttpClient browser, byte[] content, string source = "csv-uploads", string currency = "", string surveyType = "") =>
        browser.PostFileFormAsync("/imports", "upload", new Dictionary<string, string>
        {
            ["Form.Kind"] = "survey-responses",
            ["Form.Source"] = source,
            ["Form.Currency"] = currency,
            ["Form.SurveyType"] = surveyType,
            ["Form.DateFormat"] = "",
        }, "Form.File", "responses.csv", content);

    private async Task<int> CountAsync(string source)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        return await db.SurveyResponses.CountAsync(r => db.EvidenceSources.Any(s => s.Id == r.SourceId && s.Name == source));
    }

    /// <summary>(line, field) of each row of the rejected-lines table.</summary>
    private static List<(int Line, string Field)> ErrorLines(string html) =>
        ErrorRow().Matches(html).Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value)).ToList();

    /// <summary>The column selected for <paramref name="field"/> in the mapping ("" for not in the file).</summary>
    private static string SelectedColumn(string html, string field)
    {
        var select = Regex.Match(html, $"<select id=\"map-{field}\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        select.Success.Should().BeTrue($"the mapping has a choice for {field}");
        return SelectedOption().Match(select.Groups[1].Value).Groups[1].Value;
    }

    [GeneratedRegex("""<tr data-testid="import-error">\s*<td[^>]*>(\d+)</td>\s*<td><code>([^<]*)</code></td>""")]
    private static partial Regex ErrorRow();

    [GeneratedRegex("""<option value="([^"]*)" selected""")]
    private static partial Regex SelectedOption();
}

public sealed class ImportPageTests_Sqlite(SqliteApp app) : ImportPageTests<SqliteApp>(app);

public sealed class ImportPageTests_Postgres(PostgresApp app) : ImportPageTests<PostgresApp>(app);
