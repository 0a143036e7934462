using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>
/// A Csv source with an import folder over real HTTP: its settings checked by the API and the jobs page,
/// runs started by Run now and by its cron trigger through the real scheduler, real files in a temporary folder.
/// </summary>
public abstract class CsvFolderSourceTests(IngestionApp app) : IDisposable
{
    private const string Responses = """
        id,survey_type,submitted_at,reason,score
        r1,ExitIntent,2026-11-16T09:00:00Z,Shipping cost too high,
        r2,NPS,2026-11-16T10:00:00Z,,11
        r3,NPS,2026-11-16T11:00:00Z,,9
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roadmap-folder-source-");

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Folder_settings_that_cannot_work_answer_400_naming_the_setting()
    {
        var missingKind = await CreateAsync(new() { ["folder"] = _folder.FullName });
        var unknownKind = await CreateAsync(new() { ["folder"] = _folder.FullName, ["kind"] = "typeform" });
        var relative = await CreateAsync(new() { ["folder"] = "imports/hotjar", ["kind"] = "survey-responses" });
        var absent = await CreateAsync(new() { ["folder"] = Path.Combine(_folder.FullName, "no-such-folder"), ["kind"] = "orders" });
        var missingFolder = await CreateAsync(new() { ["kind"] = "orders", ["currency"] = "GBP" });
        var badOptions = await CreateAsync(new() { ["folder"] = _folder.FullName, ["kind"] = "orders", ["currency"] = "pounds", ["settleSeconds"] = "soon" });

        (await ErrorsAsync(missingKind)).Should().Equal(["settings.kind"]);
        (await MessageAsync(missingKind, "settings.kind")).Should().Be("A folder source needs kind: survey-responses, funnel-daily or orders.");
        (await MessageAsync(unknownKind, "settings.kind")).Should().Be("Unknown kind 'typeform': use survey-responses, funnel-daily or orders.");
        (await MessageAsync(relative, "settings.folder")).Should().Be("folder must be an absolute path on the server (such as /srv/roadmap/imports), not 'imports/hotjar'.");
        (await MessageAsync(absent, "settings.folder")).Should().Be($"The folder {_folder.FullName}/no-such-folder does not exist on the server (or the app may not see it).");
        (await MessageAsync(missingFolder, "settings.folder")).Should().StartWith("A Csv source with import settings reads a folder: give folder");
        (await ErrorsAsync(badOptions)).Should().BeEquivalentTo(["settings.currency", "settings.settleSeconds"]);
        (await app.Client.GetArrayAsync("/api/sources")).Select(s => s!["settings"]!["folder"]?.GetValue<string>()).Should().NotContain(_folder.FullName, "nothing was created");
    }

    [Fact]
    public async Task Changing_the_settings_is_checked_the_same_way_and_gives_an_upload_source_a_schedule()
    {
        var created = await CreateAsync([]);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();

        var (_, pmToken) = await app.CreateUserAsync(Roles.ProductManager);
        using var pm = app.CreateClient(pmToken);
        var byProductManager = await pm.PutJsonAsync($"/api/sources/{id}/settings", Json(new() { ["folder"] = _folder.FullName, ["kind"] = "orders" }));
        var relative = await app.Client.PutJsonAsync($"/api/sources/{id}/settings", Json(new() { ["folder"] = "relative", ["kind"] = "orders" }));
        var folder = await app.Client.PutJsonAsync($"/api/sources/{id}/settings", Json(new() { ["folder"] = _folder.FullName, ["kind"] = "orders" }));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (await created.ReadJsonAsync())["cron"].Should().BeNull("a Csv source without a folder receives uploads");
        byProductManager.StatusCode.Should().Be(HttpStatusCode.Forbidden, "server paths are entered by admins");
        relative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorsAsync(relative)).Should().Equal(["settings.folder"]);
        folder.StatusCode.Should().Be(HttpStatusCode.OK);
        var source = await folder.ReadJsonAsync();
        (source["cron"]!.GetValue<string>(), source["settings"]!["folder"]!.GetValue<string>()).Should().Be(("0 0 * * * ?", _folder.FullName));
        source["nextRunAt"].Should().NotBeNull("the scheduler now has its trigger");
    }

    [Fact]
    public async Task Run_now_imports_the_folder_and_the_run_shows_its_counts_and_the_same_file_again_adds_nothing()
    {
        var id = await CreateFolderSourceAsync(cron: "0 0 3 1 1 ?");
        WriteSettled("week-47.csv", Responses);

        var first = await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));
        WriteSettled("week-47.csv", Responses);
        var again = await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));

        // r1 and r3 are stored; line 3 (r2, an NPS of 11) is rejected.
        (first["state"]!.GetValue<string>(), first["added"]!.GetValue<int>(), first["alreadyPresent"]!.GetValue<int>(), first["rejected"]!.GetValue<int>())
            .Should().Be(("Succeeded", 2, 0, 1));
        (first["trigger"]!.GetValue<string>(), first["progress"]!.GetValue<string>()).Should().Be(("Manual", "file 1 of 1: week-47.csv"));
        (again["state"]!.GetValue<string>(), again["added"]!.GetValue<int>(), again["alreadyPresent"]!.GetValue<int>(), again["rejected"]!.GetValue<int>())
            .Should().Be(("Succeeded", 0, 2, 1));
        (await StoredIdsAsync(id)).Should().Equal("r1", "r3");
        var imported = Directory.GetFiles(Path.Combine(_folder.FullName, "imported")).Select(f => Path.GetFileName(f)).ToList();
        imported.Should().HaveCount(4).And.Contain(["week-47.csv", "week-47.csv.errors.csv"]);
        File.ReadAllText(Path.Combine(_folder.FullName, "imported", "week-47.csv.errors.csv")).Should().Be("line,field,message\r\n3,score,An NPS score is a whole number from 0 to 10.\r\n");
        Directory.GetFiles(_folder.FullName).Should().BeEmpty();
    }

    [Fact]
    public async Task The_scheduler_imports_the_folder_on_its_cron()
    {
        WriteSettled("responses.csv", Responses);
        var id = await CreateFolderSourceAsync(cron: "* * * * * ?");

        var run = await app.Client.WaitForRunAsync(id, r => r["trigger"]!.GetValue<string>() == "Schedule" && r["state"]!.GetValue<string>() != "Running" && r["added"]!.GetValue<int>() == 2, seconds: 15);
        (await app.Client.PostAsync($"/api/sources/{id}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (run["state"]!.GetValue<string>(), run["rejected"]!.GetValue<int>(), run["actor"]).Should().Be(("Succeeded", 1, null));
        (await StoredIdsAsync(id)).Should().Equal("r1", "r3");
        File.Exists(Path.Combine(_folder.FullName, "imported", "responses.csv")).Should().BeTrue();
    }

    [Fact]
    public async Task The_jobs_page_adds_a_folder_source_from_settings_lines_shows_it_as_pulled_and_says_what_is_wrong()
    {
        var admin = app.CreateCookieClient();
        (await admin.SignInAsync(AppFixture.AdminEmail, AppFixture.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
        var name = $"Typeform exports {Guid.NewGuid():N}";
        var fields = new Dictionary<string, string>
        {
            ["NewSource.Kind"] = "Csv",
            ["NewSource.Name"] = name,
            ["NewSource.OtherSettings"] = "folder=imports\nkind=survey-responses",
        };
        // As a browser posts the form: every input, the ones left empty too.
        foreach (var known in new[] { "baseUrl", "shop", "propertyId", "accountId" })
        {
            fields[$"NewSource.Settings[{known}]"] = "";
        }


        var refused = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", "new-source", fields)).Content.ReadAsStringAsync());
        fields["NewSource.OtherSettings"] = $"folder={_folder.FullName}\nkind=survey-responses\nsurveyType=exit intent\nsettleSeconds=30";
        var added = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", "new-source", fields)).Content.ReadAsStringAsync());

        refused.Should().Contain("data-field=\"settings.folder\">folder must be an absolute path on the server").And.NotContain($"Added {name}.");
        refused.Should().Contain("An import folder is a <strong>Csv</strong> source with <code>folder=</code> an absolute path on the server");
        added.Should().Contain($"Added {name}.");
        var row = Row(added, name);
        row.Should().Contain($"survey-responses from <code data-testid=\"import-folder\">{_folder.FullName}</code>")
            .And.Contain("<code>0 0 * * * ?</code>").And.Contain($"aria-label=\"Run {name} now\"").And.NotContain("receives uploads");
        var source = (await app.Client.GetArrayAsync("/api/sources")).Single(s => s!["name"]!.GetValue<string>() == name)!;
        source["settings"]!.ToJsonString().Should().Be(new JsonObject
        {
            ["folder"] = _folder.FullName,
            ["kind"] = "survey-responses",
            ["surveyType"] = "exit intent",
            ["settleSeconds"] = "30",
        }.ToJsonString());
    }

    [Fact]
    public async Task The_jobs_page_changes_a_sources_settings_and_says_what_is_wrong()
    {
        var created = await CreateAsync([]);
        var source = await created.ReadJsonAsync();
        var (id, name) = (source["id"]!.GetValue<int>(), source["name"]!.GetValue<string>());
        var admin = app.CreateCookieClient();
        (await admin.SignInAsync(AppFixture.AdminEmail, AppFixture.Password)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"settings-{id}", new Dictionary<string, string> { ["Row.Settings"] = $"folder={_folder.FullName}" })).Content.ReadAsStringAsync());
        var saved = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"settings-{id}", new Dictionary<string, string> { ["Row.Settings"] = $"folder={_folder.FullName}\nkind=funnel-daily" })).Content.ReadAsStringAsync());

        refused.Should().Contain("data-field=\"settings.kind\">A folder source needs kind").And.Contain($"folder={_folder.FullName}</textarea>", "what was posted is shown again");
        saved.Should().Contain($"Settings of {name} saved.");
        Row(saved, name).Should().Contain($"funnel-daily from <code data-testid=\"import-folder\">{_folder.FullName}</code>").And.Contain("<code>0 0 * * * ?</code>");
    }

    private async Task<int> CreateFolderSourceAsync(string cron)
    {
        var response = await CreateAsync(new() { ["folder"] = _folder.FullName, ["kind"] = "survey-responses" }, cron);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    private Task<HttpResponseMessage> CreateAsync(Dictionary<string, string> settings, string? cron = null) =>
        app.Client.PostJsonAsync("/api/sources", new JsonObject
        {
            ["kind"] = "Csv",
            ["name"] = $"Survey exports {Guid.NewGuid():N}",
            ["cron"] = cron,
            ["settings"] = SettingsObject(settings),
        }.ToJsonString());

    private static string Json(Dictionary<string, string> settings) => new JsonObject { ["settings"] = SettingsObject(settings) }.ToJsonString();

    private static JsonObject SettingsObject(Dictionary<string, string> settings) =>
        new(settings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));

    private static async Task<IEnumerable<string>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response, string field)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return (await response.ReadJsonAsync())["errors"]![field]![0]!.GetValue<string>();
    }

    /// <summary>A file last written a minute ago, past the settle time.</summary>
    private void WriteSettled(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text + "\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }

    private async Task<List<string>> StoredIdsAsync(int sourceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        return await db.SurveyResponses.Where(r => r.SourceId == sourceId).OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync();
    }

    private static string Row(string html, string source)
    {
        var start = html.IndexOf($"data-source=\"{source}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the page lists {source}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

public sealed class SqliteCsvFolderSourceTests(SqliteIngestionApp app) : CsvFolderSourceTests(app), IClassFixture<SqliteIngestionApp>;

public sealed class PostgresCsvFolderSourceTests(PostgresIngestionApp app) : CsvFolderSourceTests(app), IClassFixture<PostgresIngestionApp>;
