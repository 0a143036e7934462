using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>The scheduler really firing: a cron trigger every second, on each provider.</summary>
public abstract class SchedulerTests(IngestionApp app)
{
    [Fact]
    public async Task A_source_on_a_cron_every_second_is_pulled_by_the_scheduler()
    {
        var (id, name) = await app.Client.CreateSourceAsync(cron: "* * * * * ?", settings: "\"pages\": \"1\"");

        var run = await app.Client.WaitForRunAsync(id, r => r["trigger"]!.GetValue<string>() == "Schedule" && r["state"]!.GetValue<string>() == "Succeeded", seconds: 15);
        (await app.Client.PostAsync($"/api/sources/{id}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (run["added"]!.GetValue<int>() + run["alreadyPresent"]!.GetValue<int>()).Should().BeInRange(0, 2);
        run["actor"].Should().BeNull();
        TestConnector.PullsOf(name).Should().NotBeEmpty();
        TestConnector.PullsOf(name)[0].Should().Be((null, "zp-live-secret-0001"));
    }
}

public sealed class SqliteSchedulerTests(SqliteIngestionApp app) : SchedulerTests(app), IClassFixture<SqliteIngestionApp>;

public sealed class PostgresSchedulerTests(PostgresIngestionApp app) : SchedulerTests(app), IClassFixture<PostgresIngestionApp>
{
    private readonly PostgresIngestionApp _app = app;

    /// <summary>
    /// Two instances of the app on one PostgreSQL database form a Quartz cluster. "Run now" asked of
    /// either is executed by exactly one of them: one pull, one run row, whichever node took it.
    /// </summary>
    [Fact]
    public async Task Two_instances_on_one_database_execute_each_run_now_exactly_once()
    {
        var (secondFactory, secondAddress) = _app.StartAnotherInstance();
        await using var _ = secondFactory;
        using var second = new HttpClient { BaseAddress = secondAddress };
        second.DefaultRequestHeaders.Authorization = new("Bearer", AppFixture.AdminToken);
        var first = await SchedulerOf(_app.Services).GetScheduler();
        var other = await SchedulerOf(secondFactory.Services).GetScheduler();
        (await first.GetMetadata(default)).JobStoreClustered.Should().BeTrue();
        other.SchedulerInstanceId.Should().NotBe(first.SchedulerInstanceId);

        // Never due during the test (03:00 on 1 January), so only "Run now" fires it.
        var (id, name) = await _app.Client.CreateSourceAsync(cron: "0 0 3 1 1 ?", settings: "\"pages\": \"2\"");
        var runIds = new List<long>();
        foreach (var client in new[] { _app.Client, second, _app.Client, second })
        {
            var runId = await client.StartRunAsync(id);
            var run = await (client == second ? _app.Client : second).WaitForRunAsync(id, runId);
            run["state"]!.GetValue<string>().Should().Be("Succeeded");
            runIds.Add(runId);
        }

        // A firing taken twice would pull twice (after the first, as the job is serial); give a late one a moment to show.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        TestConnector.PullsOf(name).Should().HaveCount(4);
        TestConnector.PullsOf(name).Select(p => p.Cursor).Should().Equal(null, "2", "2", "2");
        var runs = await second.GetArrayAsync($"/api/sources/{id}/runs");
        runs.Select(r => r!["id"]!.GetValue<long>()).Should().BeEquivalentTo(runIds);
        runs.Select(r => r!["added"]!.GetValue<int>()).Should().BeEquivalentTo([4, 0, 0, 0]);
    }

    private static ISchedulerFactory SchedulerOf(IServiceProvider services) => services.GetRequiredService<ISchedulerFactory>();
}
