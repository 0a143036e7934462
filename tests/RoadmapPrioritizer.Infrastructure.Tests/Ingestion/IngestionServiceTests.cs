using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

/// <summary>The ingestion runner without the scheduler: what a run stores, records, and resumes from.</summary>
public sealed class IngestionServiceTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_run_stores_every_page_with_its_cursor_and_succeeds_with_its_counts(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);
        var connector = new ScriptedConnector();

        var run = await RunAsync(harness, sourceId, connector);

        run.Should().BeEquivalentTo(new { State = RunState.Succeeded, Added = 6, AlreadyPresent = 0, Rejected = 0, Progress = "page 3", Error = (string?)null, Trigger = RunTrigger.Manual });
        run.FinishedAt.Should().Be(ServiceHarness.Start.UtcDateTime);
        connector.Pulls.Should().Equal([(null, "zp-secret-key")], "the first pull starts at the beginning, with the decrypted secret");
        await using var db = harness.Db();
        (await db.EvidenceSources.SingleAsync()).Cursor.Should().Be("page-3");
        (await db.SurveyResponses.CountAsync()).Should().Be(6);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_failure_midway_keeps_the_stored_pages_and_their_cursor_and_records_the_error(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);

        var run = await RunAsync(harness, sourceId, new ScriptedConnector { FailAtPage = 3 });

        run.State.Should().Be(RunState.Failed);
        run.Added.Should().Be(4);
        run.Error.Should().Contain("answered 500 Internal Server Error on page 3").And.Contain("2 page(s) stored before this");
        await using var db = harness.Db();
        (await db.EvidenceSources.SingleAsync()).Cursor.Should().Be("page-2");
        (await db.SurveyResponses.OrderBy(r => r.ExternalId).Select(r => r.ExternalId).ToListAsync()).Should().Equal("r1-1", "r1-2", "r2-1", "r2-2");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_next_run_resumes_after_the_last_stored_page(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);
        var connector = new ScriptedConnector { FailAtPage = 3 };
        await RunAsync(harness, sourceId, connector);

        connector.FailAtPage = null;
        var second = await RunAsync(harness, sourceId, connector);

        connector.Pulls.Select(p => p.Cursor).Should().Equal(null, "page-2");
        second.Should().BeEquivalentTo(new { State = RunState.Succeeded, Added = 2, AlreadyPresent = 0 });
        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync()).Should().Be(6);
        (await db.ImportRuns.OrderBy(r => r.Id).Select(r => r.State).ToListAsync()).Should().Equal(RunState.Failed, RunState.Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Only_one_run_of_a_source_is_under_way_at_a_time(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);
        var connector = new ScriptedConnector { Gate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        var first = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, "admin@example.com", CancellationToken.None);
        var executing = harness.Ingestion(connector).ExecuteRunAsync(first!.Value.RunId, CancellationToken.None);
        await connector.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var manual = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, "pm@example.com", CancellationToken.None);
        var scheduled = await harness.Ingestion(connector).PullAsync(sourceId, recordedRunId: null, CancellationToken.None);
        connector.Gate.SetResult();
        var finished = await executing;

        first.Value.Started.Should().BeTrue();
        manual.Should().Be((first.Value.RunId, false), "the run under way is the answer, and no second run is recorded");
        scheduled.Should().BeNull("a scheduled firing while a run is under way does nothing");
        finished.State.Should().Be(RunState.Succeeded);
        connector.Pulls.Should().ContainSingle();
        await using var db = harness.Db();
        (await db.ImportRuns.CountAsync()).Should().Be(1);
        var next = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, null, CancellationToken.None);
        next!.Value.Started.Should().BeTrue("once the run has finished the next may start");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_scheduled_pull_starts_a_run_of_its_own_but_skips_a_paused_source(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);
        var connector = new ScriptedConnector();

        var scheduled = await harness.Ingestion(connector).PullAsync(sourceId, recordedRunId: null, CancellationToken.None);
        await harness.Sources().PauseAsync(sourceId, CancellationToken.None);
        var whilePaused = await harness.Ingestion(connector).PullAsync(sourceId, recordedRunId: null, CancellationToken.None);

        scheduled.Should().BeEquivalentTo(new { Trigger = RunTrigger.Schedule, State = RunState.Succeeded, Added = 6, Actor = (string?)null });
        whilePaused.Should().BeNull();
        connector.Pulls.Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_recorded_run_is_executed_once_and_a_finished_run_is_never_pulled_again(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);
        var connector = new ScriptedConnector();
        var recorded = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, "admin@example.com", CancellationToken.None);

        var executed = await harness.Ingestion(connector).PullAsync(sourceId, recorded!.Value.RunId, CancellationToken.None);
        var again = await harness.Ingestion(connector).PullAsync(sourceId, recorded.Value.RunId, CancellationToken.None);
        var otherSource = await harness.Ingestion(connector).PullAsync(sourceId + 1, recorded.Value.RunId, CancellationToken.None);

        executed.Should().BeEquivalentTo(new { Id = recorded.Value.RunId, State = RunState.Succeeded, Added = 6, Actor = "admin@example.com" });
        again.Should().BeEquivalentTo(new { Id = recorded.Value.RunId, State = RunState.Succeeded, Added = 6 });
        otherSource.Should().BeNull();
        connector.Pulls.Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Without_a_connector_for_its_kind_a_run_fails_and_says_so(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var sourceId = await AddZigpollAsync(harness);

        var run = await RunAsync(harness, sourceId, new ScriptedConnector(SourceKind.Shopify));

        run.State.Should().Be(RunState.Failed);
        run.Error.Should().Contain("No connector for Zigpoll is installed");
    }

    private static async Task<int> AddZigpollAsync(ServiceHarness harness)
    {
        var created = await harness.Sources().CreateAsync(
            new SourceInput("Zigpoll", "Exit survey", null, "zp-secret-key", new Dictionary<string, string> { ["baseUrl"] = "https://v1.zigpoll.com" }),
            CancellationToken.None);
        created.IsOk.Should().BeTrue(string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        return created.Value!.Id;
    }

    /// <summary>"Run now" as the jobs page does it: record the run, then execute it (each step with its own context).</summary>
    private static async Task<ImportRun> RunAsync(ServiceHarness harness, int sourceId, ScriptedConnector connector)
    {
        var started = await harness.Ingestion(connector).StartRunAsync(sourceId, RunTrigger.Manual, "admin@example.com", CancellationToken.None);
        started!.Value.Started.Should().BeTrue();
        return await harness.Ingestion(connector).ExecuteRunAsync(started.Value.RunId, CancellationToken.None);
    }
}
