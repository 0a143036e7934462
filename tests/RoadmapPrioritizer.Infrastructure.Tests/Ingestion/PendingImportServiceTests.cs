using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class PendingImportServiceTests
{
    private static readonly Requester Pm = new("pm@example.com", IsAdmin: false);

    // Five responses; line 3 has no valid date and line 5 no valid score.
    private const string Survey = """
        id,submitted_at,survey_type,reason,text,score
        r1,2026-11-01T10:00:00Z,exit-intent,Shipping cost,Too much postage,
        r2,last tuesday,exit-intent,Price,,
        r3,2026-11-02T11:00:00Z,nps,,Lovely mugs,9
        r4,2026-11-03T12:00:00Z,nps,,Meh,eleven
        r5,2026-11-03T12:30:00Z,post-purchase,Gift wrap,,
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Preview_counts_and_reports_each_rejected_line_and_writes_nothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);

        var preview = (await Service(harness).PreviewAsync(id, Pm, CancellationToken.None)).Value!;

        preview.FileProblem.Should().BeNull();
        preview.DryRun!.Should().BeEquivalentTo(new { Added = 3, AlreadyPresent = 0, Rejected = 2 });
        preview.Errors!.Shown.Select(e => (e.Line, e.Field)).Should().Equal((3, "submitted_at"), (5, "score"));
        preview.Errors.Shown[0].Message.Should().Contain("'last tuesday' is not a date and time");
        preview.Errors.NotShown.Should().Be(0);
        preview.Headers.Should().Equal("id", "submitted_at", "survey_type", "reason", "text", "score");
        preview.Fields.Where(f => f.Header is not null).Select(f => (f.Field.Name, f.Header))
            .Should().BeEquivalentTo([("external_id", "id"), ("submitted_at", "submitted_at"), ("survey_type", "survey_type"), ("reason", "reason"), ("text", "text"), ("score", "score")]);
        preview.Sample.Select(l => l.Line).Should().Equal(2, 3, 4, 5, 6);
        preview.Sample[1].Fields[1].Should().Be("last tuesday");

        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync()).Should().Be(0);
        (await db.ImportRuns.CountAsync()).Should().Be(0);
        (await db.EvidenceSources.CountAsync()).Should().Be(0, "a dry run does not create the source either");
        (await db.PendingImports.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Confirm_imports_exactly_what_the_preview_promised_records_the_run_and_forgets_the_upload(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey, source: "exit-survey");
        var preview = (await Service(harness).PreviewAsync(id, Pm, CancellationToken.None)).Value!;

        var confirmed = await Service(harness).ConfirmAsync(id, Pm, CancellationToken.None);

        confirmed.Status.Should().Be(PendingStatus.Ok);
        confirmed.Value!.Result.Should().BeEquivalentTo(new { preview.DryRun!.Added, preview.DryRun.AlreadyPresent, preview.DryRun.Rejected });
        confirmed.Value.Errors.Shown.Should().Equal(preview.Errors!.Shown);
        await using var db = harness.Db();
        (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => new { r.ExternalId, r.SurveyType, r.Score }).ToListAsync())
            .Should().Equal(new { ExternalId = "r1", SurveyType = SurveyType.ExitIntent, Score = (double?)null }, new { ExternalId = "r3", SurveyType = SurveyType.NPS, Score = (double?)9 }, new { ExternalId = "r5", SurveyType = SurveyType.PostPurchase, Score = (double?)null });
        var run = await db.ImportRuns.SingleAsync();
        (run.Trigger, run.State, run.Actor, run.Added, run.Rejected).Should().Be((RunTrigger.Upload, RunState.Succeeded, "pm@example.com", 3, 2));
        (await db.EvidenceSources.SingleAsync()).Name.Should().Be("exit-survey");
        (await db.PendingImports.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Confirming_twice_imports_once_and_the_second_confirm_is_refused(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);

        var first = await Service(harness).ConfirmAsync(id, Pm, CancellationToken.None);
        var second = await Service(harness).ConfirmAsync(id, Pm, CancellationToken.None);

        first.Status.Should().Be(PendingStatus.Ok);
        second.Status.Should().Be(PendingStatus.Gone);
        second.Message.Should().Contain("no longer waiting");
        await using var db = harness.Db();
        (await db.ImportRuns.CountAsync()).Should().Be(1);
        (await db.SurveyResponses.CountAsync()).Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Confirming_the_same_upload_at_once_from_two_requests_imports_it_once(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);

        var outcomes = await Task.WhenAll(
            Service(harness).ConfirmAsync(id, Pm, CancellationToken.None),
            Service(harness).ConfirmAsync(id, Pm, CancellationToken.None));

        outcomes.Select(o => o.Status).Should().BeEquivalentTo([PendingStatus.Ok, PendingStatus.Gone]);
        await using var db = harness.Db();
        (await db.ImportRuns.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_user_can_neither_see_confirm_nor_discard_an_upload_but_an_admin_can(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);
        var other = new Requester("other-pm@example.com", IsAdmin: false);

        (await Service(harness).PreviewAsync(id, other, CancellationToken.None)).Status.Should().Be(PendingStatus.NotYours);
        (await Service(harness).ConfirmAsync(id, other, CancellationToken.None)).Status.Should().Be(PendingStatus.NotYours);
        (await Service(harness).RemapAsync(id, new Dictionary<string, string> { ["text"] = "" }, other, CancellationToken.None)).Status.Should().Be(PendingStatus.NotYours);
        (await Service(harness).DiscardAsync(id, other, CancellationToken.None)).Should().Be(PendingStatus.NotYours);
        await using (var db = harness.Db())
        {
            (await db.SurveyResponses.CountAsync()).Should().Be(0);
            (await db.PendingImports.CountAsync()).Should().Be(1);
        }

        var byAdmin = await Service(harness).ConfirmAsync(id, new Requester("admin@example.com", IsAdmin: true), CancellationToken.None);

        byAdmin.Status.Should().Be(PendingStatus.Ok);
        await using var after = harness.Db();
        (await after.ImportRuns.SingleAsync()).Actor.Should().Be("admin@example.com", "the run names who imported it");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_mapping_reads_columns_the_automatic_match_missed_or_chose_differently(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        const string file = """
            When,Comment,Long answer
            2026-11-01T10:00:00Z,short,the long one
            2026-11-02T10:00:00Z,brief,another long one
            """;
        var id = await StoreAsync(harness, file, surveyType: SurveyType.ExitIntent);

        var automatic = (await Service(harness).PreviewAsync(id, Pm, CancellationToken.None)).Value!;
        var mapped = (await Service(harness).RemapAsync(id, new Dictionary<string, string> { ["submitted_at"] = "When", ["text"] = "Long answer" }, Pm, CancellationToken.None)).Value!;
        await Service(harness).ConfirmAsync(id, Pm, CancellationToken.None);

        automatic.DryRun.Should().BeNull("no column is called submitted_at or any of its aliases");
        automatic.FileProblem.Should().Contain("Missing submitted_at");
        automatic.Headers.Should().Equal("When", "Comment", "Long answer");
        automatic.Fields.Single(f => f.Field.Name == "text").Header.Should().Be("Comment");
        mapped.FileProblem.Should().BeNull();
        mapped.DryRun!.Added.Should().Be(2);
        mapped.Fields.Single(f => f.Field.Name == "submitted_at").Header.Should().Be("When");
        mapped.Fields.Single(f => f.Field.Name == "text").Header.Should().Be("Long answer");
        await using var db = harness.Db();
        (await db.SurveyResponses.OrderBy(r => r.SubmittedAt).Select(r => r.Text).ToListAsync()).Should().Equal("the long one", "another long one");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Mapping_a_field_to_no_column_leaves_it_out_and_a_column_the_file_lacks_is_refused(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);

        var withoutScore = (await Service(harness).RemapAsync(id, new Dictionary<string, string> { ["score"] = "" }, Pm, CancellationToken.None)).Value!;
        var unknown = await Service(harness).RemapAsync(id, new Dictionary<string, string> { ["score"] = "Rating" }, Pm, CancellationToken.None);

        withoutScore.Fields.Single(f => f.Field.Name == "score").Header.Should().BeNull();
        withoutScore.DryRun!.Rejected.Should().Be(1, "line 5's score is no longer read");
        unknown.Status.Should().Be(PendingStatus.Invalid);
        unknown.Message.Should().Contain("'Rating'");
        (await Service(harness).PreviewAsync(id, Pm, CancellationToken.None)).Value!.DryRun!.Rejected.Should().Be(1, "the refused mapping changed nothing");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_same_file_uploaded_again_would_add_nothing_and_adds_nothing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await Service(harness).ConfirmAsync(await StoreAsync(harness, Survey), Pm, CancellationToken.None);
        var again = await StoreAsync(harness, Survey);

        var preview = (await Service(harness).PreviewAsync(again, Pm, CancellationToken.None)).Value!;
        var confirmed = (await Service(harness).ConfirmAsync(again, Pm, CancellationToken.None)).Value!;

        preview.DryRun!.Should().BeEquivalentTo(new { Added = 0, AlreadyPresent = 3, Rejected = 2 });
        confirmed.Result.Should().BeEquivalentTo(new { Added = 0, AlreadyPresent = 3, Rejected = 2 });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Uploads_older_than_a_day_are_gone_and_deleted_by_the_next_upload(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var old = await StoreAsync(harness, Survey);
        harness.Clock.Now += TimeSpan.FromHours(20);
        var recent = await StoreAsync(harness, Survey);
        harness.Clock.Now += TimeSpan.FromHours(5);

        var expired = await Service(harness).ConfirmAsync(old, Pm, CancellationToken.None);
        await StoreAsync(harness, Survey);

        expired.Status.Should().Be(PendingStatus.Gone);
        await using var db = harness.Db();
        (await db.PendingImports.Select(p => p.Id).ToListAsync()).Should().HaveCount(2).And.Contain(recent).And.NotContain(old);
        (await db.SurveyResponses.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Discard_forgets_the_upload_without_importing_it(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await StoreAsync(harness, Survey);

        var discarded = await Service(harness).DiscardAsync(id, Pm, CancellationToken.None);
        var again = await Service(harness).DiscardAsync(id, Pm, CancellationToken.None);
        var confirm = await Service(harness).ConfirmAsync(id, Pm, CancellationToken.None);

        (discarded, again, confirm.Status).Should().Be((PendingStatus.Ok, PendingStatus.Gone, PendingStatus.Gone));
        await using var db = harness.Db();
        (await db.PendingImports.CountAsync(), await db.SurveyResponses.CountAsync(), await db.ImportRuns.CountAsync()).Should().Be((0, 0, 0));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_without_a_readable_header_is_refused_and_not_kept(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var latin1 = Encoding.Latin1.GetBytes("submitted_at,text\n2026-11-01T10:00:00Z,Très bien\n");

        var empty = await Service(harness).StoreAsync("empty.csv", [], Options(), Pm.Name, CancellationToken.None);
        var notUtf8 = await Service(harness).StoreAsync("latin1.csv", latin1, Options(), Pm.Name, CancellationToken.None);

        empty.Status.Should().Be(PendingStatus.Invalid);
        empty.Message.Should().Contain("The file is empty");
        notUtf8.Status.Should().Be(PendingStatus.Invalid);
        notUtf8.Message.Should().Contain("not UTF-8");
        await using var db = harness.Db();
        (await db.PendingImports.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Only_the_first_errors_are_listed_with_a_count_of_the_rest(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var lines = Enumerable.Range(1, 250).Select(i => $"r{i},not a date,nps,,,");
        var id = await StoreAsync(harness, "id,submitted_at,survey_type,reason,text,score\n" + string.Join('\n', lines));

        var preview = (await Service(harness).PreviewAsync(id, Pm, CancellationToken.None)).Value!;

        preview.DryRun!.Rejected.Should().Be(250);
        preview.Errors!.Shown.Should().HaveCount(PendingImportService.ShownErrors);
        preview.Errors.Shown[^1].Line.Should().Be(201);
        preview.Errors.NotShown.Should().Be(50);
        preview.Sample.Should().HaveCount(PendingImportService.SampleLines);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Recent_uploads_list_upload_runs_newest_first_with_their_source(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await Service(harness).ConfirmAsync(await StoreAsync(harness, Survey, source: "first"), Pm, CancellationToken.None);
        harness.Clock.Now += TimeSpan.FromMinutes(5);
        await Service(harness).ConfirmAsync(await StoreAsync(harness, Survey, source: "second"), Pm, CancellationToken.None);

        var recent = await Service(harness).RecentUploadsAsync(10, CancellationToken.None);

        recent.Select(r => (r.Source, r.Actor, r.State, r.Added, r.AlreadyPresent, r.Rejected))
            .Should().Equal(("second", "pm@example.com", RunState.Succeeded, 3, 0, 2), ("first", "pm@example.com", RunState.Succeeded, 3, 0, 2));
        recent[0].StartedAt.Should().Be(harness.Clock.Now.UtcDateTime);
    }

    private static ImportOptions Options(string source = ImportOptions.DefaultSource, SurveyType? surveyType = null) =>
        new() { Kind = ImportKind.SurveyResponses, Source = source, SurveyType = surveyType };

    private static async Task<Guid> StoreAsync(ServiceHarness harness, string csv, string source = ImportOptions.DefaultSource, SurveyType? surveyType = null)
    {
        var stored = await Service(harness).StoreAsync("responses.csv", Encoding.UTF8.GetBytes(csv), Options(source, surveyType), Pm.Name, CancellationToken.None);
        stored.Status.Should().Be(PendingStatus.Ok, stored.Message);
        return stored.Value;
    }

    /// <summary>The services as one request gets them: one context shared by the importer and the pending uploads.</summary>
    private static PendingImportService Service(ServiceHarness harness)
    {
        var db = harness.Db();
        var imports = new CsvImportService(db, new SourceService(db, new EphemeralDataProtectionProvider(), harness.Clock), harness.Clock, NullLogger<CsvImportService>.Instance);
        return new PendingImportService(db, imports, harness.Clock);
    }
}
