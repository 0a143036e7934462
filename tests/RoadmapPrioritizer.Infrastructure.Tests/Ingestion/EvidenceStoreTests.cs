using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class EvidenceStoreTests
{
    private static readonly DateTime Noon = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Saving_the_same_responses_twice_stores_them_once(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);

        var first = await new EvidenceStore(harness.Db()).SaveAsync(source, [Response("a"), Response("b"), Response("b")], CancellationToken.None);
        var second = await new EvidenceStore(harness.Db()).SaveAsync(source, [Response("a"), Response("b"), Response("c")], CancellationToken.None);

        first.Should().Be(new StoreCounts(2, 1), "the file repeated b");
        second.Should().Be(new StoreCounts(1, 2));
        await using var db = harness.Db();
        (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync()).Should().Equal("a", "b", "c");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_field_of_a_response_reads_back_as_written(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);
        var written = new SurveyResponse
        {
            ExternalId = "r-1",
            SurveyId = "exit-2026",
            SurveyType = SurveyType.ExitIntent,
            SubmittedAt = new DateTime(2026, 11, 3, 9, 15, 30, 123, DateTimeKind.Utc),
            Question = "What stopped you today?",
            Reason = "Shipping cost too high",
            Text = "£9 postage on a £20 mug",
            Score = 3,
            OrderValueMinor = 2000,
            Currency = "GBP",
            CustomerHash = CustomerHash.Of("ann@example.com"),
            Page = "/cart",
            Tags = "shipping,price",
        };

        await new EvidenceStore(harness.Db()).SaveAsync(source, [written], CancellationToken.None);

        await using var db = harness.Db();
        var read = await db.SurveyResponses.SingleAsync();
        read.Should().BeEquivalentTo(written, o => o.Excluding(r => r.Id).Excluding(r => r.SourceId));
        read.SourceId.Should().Be(source);
        read.SubmittedAt.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_funnel_day_imported_again_replaces_its_counts(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);
        var day = new DateOnly(2026, 11, 1);

        var first = await new EvidenceStore(harness.Db()).SaveAsync(source, [Funnel(day, "", 100), Funnel(day, "mobile", 60)], CancellationToken.None);
        var second = await new EvidenceStore(harness.Db()).SaveAsync(source, [Funnel(day, "", 120), Funnel(day.AddDays(1), "", 90)], CancellationToken.None);

        first.Should().Be(new StoreCounts(2, 0));
        second.Should().Be(new StoreCounts(1, 1));
        await using var db = harness.Db();
        var rows = await db.FunnelDays.OrderBy(d => d.Date).ThenBy(d => d.Segment).Select(d => new { d.Date, d.Segment, d.Sessions }).ToListAsync();
        rows.Should().Equal(new { Date = day, Segment = "", Sessions = 120L }, new { Date = day, Segment = "mobile", Sessions = 60L }, new { Date = day.AddDays(1), Segment = "", Sessions = 90L });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_page_and_its_cursor_are_stored_together(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);
        var page = new EvidencePage { Cursor = "after-page-1" };
        page.SurveyResponses.Add(Response("a"));
        page.Orders.Add(new Order { ExternalId = "1001", CreatedAt = Noon, TotalMinor = 4500, Currency = "GBP", ItemCount = 2 });
        page.AbandonedCheckouts.Add(new AbandonedCheckout { ExternalId = "c1", CreatedAt = Noon, TotalMinor = 1200, Currency = "GBP", ItemCount = 1 });

        var counts = await new EvidenceStore(harness.Db()).SavePageAsync(source, page, CancellationToken.None);

        counts.Should().Be(new StoreCounts(3, 0));
        await using var db = harness.Db();
        (await db.EvidenceSources.SingleAsync()).Cursor.Should().Be("after-page-1");
        (await db.Orders.SingleAsync()).TotalMinor.Should().Be(4500);
        (await db.AbandonedCheckouts.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_failure_midway_through_a_file_stores_nothing_of_it(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);

        var act = () => new EvidenceStore(harness.Db()).SaveAsync(source, FailAfter(Response("a"), Response("b")), CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Inside_the_callers_transaction_records_are_kept_only_when_the_caller_commits(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);

        // A source and its records written in one transaction the caller began, which it then rolls back.
        await using (var db = harness.Db())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var source = EvidenceSource.Create(SourceKind.Csv, "rolled back", null, "{}", null, Noon);
            db.EvidenceSources.Add(source);
            await db.SaveChangesAsync();

            var counts = await new EvidenceStore(db).SaveAsync(source.Id, [Response("a"), Response("b")], CancellationToken.None);
            await new EvidenceStore(db).SaveAsync(source.Id, [Funnel(new DateOnly(2026, 11, 1), "", 100)], CancellationToken.None);

            counts.Should().Be(new StoreCounts(2, 0));
            (await db.SurveyResponses.CountAsync()).Should().Be(2, "the caller's transaction sees what the store wrote in it");
            await transaction.RollbackAsync();
        }

        await using (var db = harness.Db())
        {
            (await db.EvidenceSources.CountAsync()).Should().Be(0);
            (await db.SurveyResponses.CountAsync()).Should().Be(0, "the store did not commit on its own");
            (await db.FunnelDays.CountAsync()).Should().Be(0);
        }

        // The same again, committed: everything is there.
        await using (var db = harness.Db())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var source = EvidenceSource.Create(SourceKind.Csv, "committed", null, "{}", null, Noon);
            db.EvidenceSources.Add(source);
            await db.SaveChangesAsync();
            await new EvidenceStore(db).SaveAsync(source.Id, [Response("a"), Response("b")], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var db = harness.Db())
        {
            (await db.EvidenceSources.Select(s => s.Name).SingleAsync()).Should().Be("committed");
            (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync()).Should().Equal("a", "b");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_dry_run_counts_what_is_already_present_without_writing(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var source = await AddSourceAsync(harness);
        await new EvidenceStore(harness.Db()).SaveAsync(source, [Response("a")], CancellationToken.None);

        var present = await new EvidenceStore(harness.Db()).CountPresentAsync(source, [Response("a"), Response("z")], CancellationToken.None);

        present.Should().Be((2, 1));
        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_same_id_from_two_sources_is_two_responses(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var hotjar = await AddSourceAsync(harness, "hotjar");
        var typeform = await AddSourceAsync(harness, "typeform");

        await new EvidenceStore(harness.Db()).SaveAsync(hotjar, [Response("1")], CancellationToken.None);
        var counts = await new EvidenceStore(harness.Db()).SaveAsync(typeform, [Response("1")], CancellationToken.None);

        counts.Should().Be(new StoreCounts(1, 0));
    }

    internal static async Task<int> AddSourceAsync(ServiceHarness harness, string name = "uploads")
    {
        await using var db = harness.Db();
        var source = EvidenceSource.Create(SourceKind.Csv, name, null, "{}", null, Noon);
        db.EvidenceSources.Add(source);
        await db.SaveChangesAsync();
        return source.Id;
    }

    private static SurveyResponse Response(string id) => new() { ExternalId = id, SurveyType = SurveyType.ExitIntent, SubmittedAt = Noon, Reason = "Shipping cost too high" };

    private static FunnelDay Funnel(DateOnly date, string segment, long sessions) => new() { Date = date, Segment = segment, Sessions = sessions, CheckoutCompleted = 2, RevenueMinor = 9000, Currency = "GBP" };

    private static IEnumerable<SurveyResponse> FailAfter(params SurveyResponse[] responses)
    {
        foreach (var response in responses)
        {
            yield return response;
        }

        throw new InvalidOperationException("The file could not be read to the end.");
    }
}
