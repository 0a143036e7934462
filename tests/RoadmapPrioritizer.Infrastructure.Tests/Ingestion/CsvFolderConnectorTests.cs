using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

/// <summary>The import folder through the real runner: real files in a temporary folder, real SQLite and PostgreSQL.</summary>
public sealed class CsvFolderConnectorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("roadmap-import-folder-");

    private string Imported => Path.Combine(_folder.FullName, "imported");

    private string Failed => Path.Combine(_folder.FullName, "failed");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_run_imports_every_file_oldest_first_moves_them_to_imported_and_writes_the_rejected_lines_beside_them(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness);
        // Named against their age: "b" was written first, so its s2 is the one kept.
        WriteFile("responses-b.csv", hoursAgo: 3, """
            id,survey_type,submitted_at,reason
            s1,ExitIntent,2026-11-16T09:00:00Z,Shipping cost too high
            s2,ExitIntent,2026-11-16T10:00:00Z,Just browsing
            """);
        WriteFile("responses-a.csv", hoursAgo: 2, """
            id,survey_type,submitted_at,reason
            s2,ExitIntent,2026-11-16T10:00:00Z,Found it cheaper elsewhere
            s3,PostPurchase,2026-11-17T08:00:00Z,Gift for a friend
            """);
        WriteFile("with-errors.csv", hoursAgo: 1, """
            id,survey_type,submitted_at,reason,score
            e1,NPS,2026-11-18T09:00:00Z,,9
            e2,NPS,2026-11-18T09:05:00Z,,11
            e3,Poll,2026-11-18T09:10:00Z,,
            e4,NPS,not-a-date,,7
            e5,NPS,2026-11-18T09:20:00Z,,10
            """);

        var run = await RunAsync(harness, sourceId);

        // b: s1, s2 added; a: s2 already present, s3 added; with-errors: e1, e5 added, lines 3, 4 and 5 rejected.
        run.Should().BeEquivalentTo(new { State = RunState.Succeeded, Added = 5, AlreadyPresent = 1, Rejected = 3, Progress = "file 3 of 3: with-errors.csv", Error = (string?)null });
        await using var db = harness.Db();
        (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync()).Should().Equal("e1", "e5", "s1", "s2", "s3");
        (await db.SurveyResponses.SingleAsync(r => r.ExternalId == "s2")).Reason.Should().Be("Just browsing", "the older file was imported first");
        CsvFilesIn(_folder.FullName).Should().BeEmpty();
        FilesIn(Imported).Should().BeEquivalentTo("responses-a.csv", "responses-b.csv", "with-errors.csv", "with-errors.csv.errors.csv");
        File.ReadAllText(Path.Combine(Imported, "with-errors.csv.errors.csv")).Should().Be(
            "line,field,message\r\n"
            + "3,score,An NPS score is a whole number from 0 to 10.\r\n"
            + "4,survey_type,\"'Poll' is not a survey type; use one of ExitIntent, PostPurchase, NPS, CSAT, CES, FeatureRequest, Custom.\"\r\n"
            + "5,submitted_at,'not-a-date' is not a date and time in ISO 8601 (e.g. 2026-11-02T14:30:00Z).\r\n");
        File.ReadAllText(Path.Combine(Imported, "responses-b.csv")).Should().Contain("s1,ExitIntent", "a file is moved as it was");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_that_is_not_UTF8_or_has_no_header_is_moved_to_failed_with_its_reason_and_the_other_files_are_still_imported(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness);
        byte[] latin1 = [.. "id,survey_type,submitted_at,reason\nl1,ExitIntent,2026-11-16T09:00:00Z,Caf"u8, 0xE9, .. "\n"u8];
        WriteBytes("latin1.csv", hoursAgo: 3, latin1);
        WriteFile("no-header.csv", hoursAgo: 2, """
            n1,ExitIntent,2026-11-16T09:00:00Z,Price
            n2,ExitIntent,2026-11-16T09:30:00Z,Price
            """);
        WriteFile("good.csv", hoursAgo: 1, """
            id,survey_type,submitted_at,reason
            g1,ExitIntent,2026-11-16T09:00:00Z,Shipping cost too high
            g2,ExitIntent,2026-11-16T10:00:00Z,Just browsing
            """);

        var run = await RunAsync(harness, sourceId);

        run.State.Should().Be(RunState.Failed, "a file that cannot be read fails its run, as a payload a connector cannot read does");
        (run.Added, run.AlreadyPresent, run.Rejected).Should().Be((2, 0, 0));
        run.Error.Should().StartWith("2 file(s) could not be imported: latin1.csv: Line 2: the file is not UTF-8 text.")
            .And.Contain("no-header.csv: No usable header: the first line must name the columns. Missing submitted_at.")
            .And.Contain("(moved to failed/)");
        await using var db = harness.Db();
        (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync()).Should().Equal("g1", "g2");
        CsvFilesIn(_folder.FullName).Should().BeEmpty();
        FilesIn(Imported).Should().Equal("good.csv");
        FilesIn(Failed).Should().BeEquivalentTo("latin1.csv", "latin1.csv.error.txt", "no-header.csv", "no-header.csv.error.txt");
        File.ReadAllText(Path.Combine(Failed, "latin1.csv.error.txt")).Should().StartWith("latin1.csv could not be imported (2026-11-22 02:00:00 UTC): Line 2: the file is not UTF-8 text.")
            .And.Contain("Nothing of it was stored.");
        File.ReadAllText(Path.Combine(Failed, "no-header.csv.error.txt")).Should().Contain("Missing submitted_at. Found: n1, ExitIntent, 2026-11-16T09:00:00Z, Price.");
        File.ReadAllBytes(Path.Combine(Failed, "latin1.csv")).Should().Equal(latin1, "the failed file is moved untouched");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_same_file_copied_back_stores_nothing_new_and_is_kept_beside_the_first_under_a_timestamped_name(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness, ("surveyType", "NPS"), ("dateFormat", "dd/MM/yyyy HH:mm"));
        // No ids and no type column: ids come from each line's content, the type from the source's settings.
        const string verbatims = """
            date,score,comment
            02/11/2026 14:30,9,Lovely glaze
            03/11/2026 09:15,4,Arrived chipped
            04/11/2026 18:00,10,Beautiful mugs
            """;
        WriteFile("nps.csv", hoursAgo: 1, verbatims);
        var first = await RunAsync(harness, sourceId);
        WriteFile("nps.csv", hoursAgo: 1, verbatims);

        var second = await RunAsync(harness, sourceId);

        (first.State, first.Added, first.AlreadyPresent).Should().Be((RunState.Succeeded, 3, 0));
        (second.State, second.Added, second.AlreadyPresent, second.Rejected).Should().Be((RunState.Succeeded, 0, 3, 0));
        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync()).Should().Be(3);
        (await db.SurveyResponses.SingleAsync(r => r.Score == 4)).Should().BeEquivalentTo(new
        {
            SurveyType = SurveyType.NPS,
            SubmittedAt = new DateTime(2026, 11, 3, 9, 15, 0, DateTimeKind.Utc),
            Text = "Arrived chipped",
        });
        FilesIn(Imported).Should().BeEquivalentTo("nps.csv", "nps.20261122T020000Z.csv");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_written_to_within_the_settle_time_is_left_for_the_next_run(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness);
        WriteFile("settled.csv", Clock(harness).AddSeconds(-11), """
            id,survey_type,submitted_at,reason
            s1,ExitIntent,2026-11-16T09:00:00Z,Price
            """);
        WriteFile("uploading.csv", Clock(harness).AddSeconds(-5), """
            id,survey_type,submitted_at,reason
            u1,ExitIntent,2026-11-16T09:00:00Z,Price
            u2,ExitIntent,2026-11-16T09:05:00Z,Price
            """);

        var first = await RunAsync(harness, sourceId);
        var leftBehind = CsvFilesIn(_folder.FullName);
        harness.Clock.Now += TimeSpan.FromSeconds(5);
        var next = await RunAsync(harness, sourceId);

        (first.Added, first.Progress).Should().Be((1, "file 1 of 1: settled.csv"));
        leftBehind.Should().Equal("uploading.csv");
        (next.State, next.Added, next.Progress).Should().Be((RunState.Succeeded, 2, "file 1 of 1: uploading.csv"));
        FilesIn(Imported).Should().BeEquivalentTo("settled.csv", "uploading.csv");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_whose_rows_cannot_be_stored_stays_in_the_folder_and_nothing_of_it_is_kept(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness);
        await RefuseResponseBoomAsync(harness, provider);
        WriteFile("first.csv", hoursAgo: 2, """
            id,survey_type,submitted_at,reason
            f1,ExitIntent,2026-11-16T09:00:00Z,Price
            """);
        WriteFile("second.csv", hoursAgo: 1, """
            id,survey_type,submitted_at,reason
            s1,ExitIntent,2026-11-16T09:00:00Z,Price
            boom,ExitIntent,2026-11-16T09:05:00Z,Price
            """);

        var run = await RunAsync(harness, sourceId);

        (run.State, run.Added).Should().Be((RunState.Failed, 1));
        run.Error.Should().StartWith("Unexpected error after 1 page(s)");
        await using var db = harness.Db();
        (await db.SurveyResponses.Select(r => r.ExternalId).ToListAsync()).Should().Equal(["f1"], "the second file's transaction rolled back");
        CsvFilesIn(_folder.FullName).Should().Equal("second.csv");
        FilesIn(Imported).Should().Equal("first.csv");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Orders_and_funnel_days_are_read_with_the_sources_currency(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var orders = await AddFolderSourceAsync(harness, "Shop orders", ("kind", "orders"), ("currency", "gbp"));
        WriteFile("orders.csv", hoursAgo: 1, """
            order_id,created_at,total,items
            1001,2026-11-20T10:00:00Z,42.50,2
            1002,2026-11-20T11:00:00Z,18.00,1
            """);

        var run = await RunAsync(harness, orders);

        (run.State, run.Added).Should().Be((RunState.Succeeded, 2));
        await using var db = harness.Db();
        (await db.Orders.OrderBy(o => o.ExternalId).Select(o => new { o.ExternalId, o.TotalMinor, o.Currency }).ToListAsync())
            .Should().Equal(new { ExternalId = "1001", TotalMinor = 4250L, Currency = "GBP" }, new { ExternalId = "1002", TotalMinor = 1800L, Currency = "GBP" });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_folder_that_has_gone_since_the_source_was_added_fails_the_run_and_says_which(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddFolderSourceAsync(harness);
        _folder.Delete(recursive: true);

        var run = await RunAsync(harness, sourceId);
        _folder.Create();

        run.State.Should().Be(RunState.Failed);
        run.Error.Should().Contain($"folder: The folder {_folder.FullName} does not exist on the server");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_Csv_source_is_pulled_hourly_once_it_has_a_folder_and_receives_uploads_again_without_one(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var upload = await harness.Sources().CreateAsync(new SourceInput("Csv", "Hotjar exports", null, null, null), CancellationToken.None);

        var withFolder = await harness.Sources().ConfigureAsync(upload.Value!.Id, Settings(), CancellationToken.None);
        var relative = await harness.Sources().ConfigureAsync(upload.Value.Id, new Dictionary<string, string> { ["folder"] = "imports/hotjar", ["kind"] = "survey-responses" }, CancellationToken.None);
        var withoutFolder = await harness.Sources().ConfigureAsync(upload.Value.Id, new Dictionary<string, string>(), CancellationToken.None);

        upload.Value.Cron.Should().BeNull();
        (withFolder.Value!.Cron, withFolder.Value.Settings["folder"]).Should().Be((EvidenceSource.HourlyCron, _folder.FullName));
        relative.Errors.Should().ContainKey("settings.folder").WhoseValue.Should().ContainSingle().Which.Should().Contain("absolute path");
        withoutFolder.Value!.Cron.Should().BeNull();
        await using var db = harness.Db();
        (await db.EvidenceSources.SingleAsync()).IsPulled.Should().BeFalse();
    }

    private Task<int> AddFolderSourceAsync(ServiceHarness harness, params (string Key, string Value)[] settings) =>
        AddFolderSourceAsync(harness, "Survey exports", settings);

    private async Task<int> AddFolderSourceAsync(ServiceHarness harness, string name, params (string Key, string Value)[] settings)
    {
        var created = await harness.Sources().CreateAsync(new SourceInput("Csv", name, null, null, Settings(settings)), CancellationToken.None);
        created.IsOk.Should().BeTrue(string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        created.Value!.Cron.Should().Be(EvidenceSource.HourlyCron, "a folder source is pulled hourly unless told otherwise");
        return created.Value.Id;
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["folder"] = _folder.FullName, ["kind"] = "survey-responses" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>"Run now" as the jobs page does it, with the folder connector installed as the app installs it.</summary>
    private static async Task<ImportRun> RunAsync(ServiceHarness harness, int sourceId)
    {
        var connector = new CsvFolderConnector(harness.Clock, NullLogger<CsvFolderConnector>.Instance);
        var started = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, "admin@example.com", CancellationToken.None);
        started!.Value.Started.Should().BeTrue();
        return await harness.Ingestion(connector).ExecuteRunAsync(started.Value.RunId, CancellationToken.None);
    }

    /// <summary>A real database fault: a trigger that aborts the insert of the response with id "boom".</summary>
    private static async Task RefuseResponseBoomAsync(ServiceHarness harness, DatabaseProvider provider)
    {
        await using var db = harness.Db();
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER refuse_response BEFORE INSERT ON survey_responses WHEN NEW.external_id = 'boom'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
                """);
            return;
        }

        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_response() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.external_id = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_response BEFORE INSERT ON survey_responses FOR EACH ROW EXECUTE FUNCTION refuse_response();
            """);
    }

    private static DateTime Clock(ServiceHarness harness) => harness.Clock.GetUtcNow().UtcDateTime;

    private void WriteFile(string name, int hoursAgo, string text) => WriteFile(name, ServiceHarness.Start.UtcDateTime.AddHours(-hoursAgo), text);

    private void WriteFile(string name, DateTime writtenAt, string text) => WriteBytes(name, writtenAt, Encoding.UTF8.GetBytes(text + "\n"));

    private void WriteBytes(string name, int hoursAgo, byte[] content) => WriteBytes(name, ServiceHarness.Start.UtcDateTime.AddHours(-hoursAgo), content);

    private void WriteBytes(string name, DateTime writtenAt, byte[] content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, writtenAt);
    }

    private static List<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList() : [];

    private static List<string> CsvFilesIn(string folder) => FilesIn(folder).Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToList();
}
