using System.Net;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>The sources API over real HTTP on SQLite, with runs executed by the real scheduler.</summary>
public sealed class SourcesApiTests(SqliteIngestionApp app) : IClassFixture<SqliteIngestionApp>
{
    private const string Secret = "zp-live-secret-0001";

    [Fact]
    public async Task Creating_a_source_answers_201_with_the_source_and_no_response_ever_carries_its_secret()
    {
        var response = await app.Client.PostJsonAsync("/api/sources", $$"""
            {"kind": "zigpoll", "name": "Exit survey {{Guid.NewGuid():N}}", "cron": "0 15 * * * ?", "secret": "{{Secret}}",
             "settings": {"baseUrl": "https://v1.zigpoll.com", "accountId": "acc-42"} }
            """);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        var id = created["id"]!.GetValue<int>();
        response.Headers.Location!.ToString().Should().Be($"/api/sources/{id}");
        (created["kind"]!.GetValue<string>(), created["cron"]!.GetValue<string>(), created["enabled"]!.GetValue<bool>(), created["hasSecret"]!.GetValue<bool>())
            .Should().Be(("Zigpoll", "0 15 * * * ?", true, true));
        created["settings"]!["accountId"]!.GetValue<string>().Should().Be("acc-42");
        created["nextRunAt"].Should().NotBeNull("the scheduler has its trigger");
        var everything = new[]
        {
            await response.Content.ReadAsStringAsync(),
            await app.Client.GetStringAsync("/api/sources"),
            await app.Client.GetStringAsync($"/api/sources/{id}"),
            await app.Client.GetStringAsync("/api/audit?entityType=EvidenceSource"),
            await app.Client.GetStringAsync("/admin/jobs"),
            await (await app.Client.PutJsonAsync($"/api/sources/{id}/secret", """{"secret": "zp-rotated-secret-0002"}""")).Content.ReadAsStringAsync(),
        };
        everything.Should().AllSatisfy(text => text.Should().NotContain("zp-live-secret").And.NotContain("zp-rotated-secret"));
        everything[1].Should().Contain("\"hasSecret\":true");
    }

    [Fact]
    public async Task Bad_input_answers_400_per_field_and_a_taken_name_409()
    {
        var (_, name) = await app.Client.CreateSourceAsync();

        var invalid = await app.Client.PostJsonAsync("/api/sources", """{"kind": "Typeform", "name": " ", "settings": {"baseUrl": "ftp://example.com"}}""");
        var badCron = await app.Client.PostJsonAsync("/api/sources", """{"kind": "Shopify", "name": "Orders", "cron": "every hour", "secret": "shpat_1"}""");
        var noSecret = await app.Client.PostJsonAsync("/api/sources", """{"kind": "HubSpot", "name": "Deals"}""");
        var wrongType = await app.Client.PostJsonAsync("/api/sources", """{"kind": "Zigpoll", "name": "X", "secret": "s", "settings": {"pages": 3}}""");
        var taken = await app.Client.PostJsonAsync("/api/sources", $$"""{"kind": "Zigpoll", "name": "{{name.ToUpperInvariant()}}", "secret": "s"}""");

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await invalid.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key);
        errors.Should().Contain(["kind", "name", "settings.baseUrl"]);
        (await badCron.ReadJsonAsync())["errors"]!["cron"]![0]!.GetValue<string>().Should().Contain("Quartz cron expression");
        (await noSecret.ReadJsonAsync())["errors"]!["secret"].Should().NotBeNull();
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrongType.ReadJsonAsync())["errors"]!["settings.pages"]![0]!.GetValue<string>().Should().Be("Must be a JSON string.");
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await taken.ReadJsonAsync())["errors"]!["name"]![0]!.GetValue<string>().Should().Contain("already exists");
    }

    [Fact]
    public async Task An_unknown_source_or_run_is_404()
    {
        var (id, _) = await app.Client.CreateSourceAsync();
        var runId = await app.Client.StartRunAsync(id);
        await app.Client.WaitForRunAsync(id, runId);
        var (other, _) = await app.Client.CreateSourceAsync();

        var responses = new[]
        {
            await app.Client.GetAsync("/api/sources/987654"),
            await app.Client.GetAsync("/api/sources/987654/runs"),
            await app.Client.GetAsync("/api/sources/987654/runs/1"),
            await app.Client.GetAsync($"/api/sources/{other}/runs/{runId}"),
            await app.Client.GetAsync($"/api/sources/{id}/runs/987654"),
            await app.Client.PostAsync("/api/sources/987654/runs", null),
            await app.Client.PostAsync("/api/sources/987654/pause", null),
            await app.Client.PostAsync("/api/sources/987654/resume", null),
            await app.Client.PutJsonAsync("/api/sources/987654/secret", """{"secret": "x"}"""),
            await app.Client.PutJsonAsync("/api/sources/987654/schedule", """{"cron": "0 0 * * * ?"}"""),
        };

        responses.Select(r => (r.RequestMessage!.RequestUri!.AbsolutePath, r.StatusCode)).Should().AllSatisfy(r => r.StatusCode.Should().Be(HttpStatusCode.NotFound, r.AbsolutePath));
    }

    [Fact]
    public async Task Run_now_hands_the_run_to_the_scheduler_which_executes_it_to_the_end()
    {
        var (id, name) = await app.Client.CreateSourceAsync(settings: "\"pages\": \"3\", \"pageSize\": \"2\"");

        var response = await app.Client.PostAsync($"/api/sources/{id}/runs", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var runId = (await response.ReadJsonAsync())["runId"]!.GetValue<long>();
        response.Headers.Location!.ToString().Should().Be($"/api/sources/{id}/runs/{runId}");
        var run = await app.Client.WaitForRunAsync(id, runId);
        run["state"]!.GetValue<string>().Should().Be("Succeeded");
        (run["added"]!.GetValue<int>(), run["alreadyPresent"]!.GetValue<int>(), run["rejected"]!.GetValue<int>(), run["progress"]!.GetValue<string>())
            .Should().Be((6, 0, 0, "page 3"));
        (run["trigger"]!.GetValue<string>(), run["actor"]!.GetValue<string>()).Should().Be(("Manual", AppFixture.AdminEmail));
        run["error"].Should().BeNull();
        run["finishedAt"]!.GetValue<DateTime>().Should().BeOnOrAfter(run["startedAt"]!.GetValue<DateTime>());
        TestConnector.PullsOf(name).Should().Equal([(null, Secret)], "one pull, from the beginning, with the decrypted secret");

        // The secret is replaced write-only, and the next run resumes after the last stored page with it.
        (await app.Client.PutJsonAsync($"/api/sources/{id}/secret", """{"secret": "zp-rotated-secret-0002"}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var next = await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));
        (next["state"]!.GetValue<string>(), next["added"]!.GetValue<int>()).Should().Be(("Succeeded", 0));
        TestConnector.PullsOf(name)[1].Should().Be(("3", "zp-rotated-secret-0002"));
        (await app.Client.GetArrayAsync($"/api/sources/{id}/runs")).Select(r => r!["id"]!.GetValue<long>()).Should().Equal(next["id"]!.GetValue<long>(), runId);
    }

    [Fact]
    public async Task Run_now_while_a_run_is_under_way_is_409_naming_that_run()
    {
        var (id, name) = await app.Client.CreateSourceAsync(settings: "\"pages\": \"2\", \"delayMs\": \"700\"");
        var first = await app.Client.StartRunAsync(id);

        var second = await app.Client.PostAsync($"/api/sources/{id}/runs", null);

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await second.ReadJsonAsync())["runId"]!.GetValue<long>().Should().Be(first);
        second.Headers.Location!.ToString().Should().Be($"/api/sources/{id}/runs/{first}");
        (await app.Client.WaitForRunAsync(id, first))["state"]!.GetValue<string>().Should().Be("Succeeded");
        TestConnector.PullsOf(name).Should().ContainSingle();
    }

    [Fact]
    public async Task A_failed_run_keeps_what_it_stored_and_says_why()
    {
        var (id, _) = await app.Client.CreateSourceAsync(settings: "\"pages\": \"3\", \"failAtPage\": \"3\"");

        var run = await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));

        (run["state"]!.GetValue<string>(), run["added"]!.GetValue<int>()).Should().Be(("Failed", 4));
        run["error"]!.GetValue<string>().Should().Contain("answered 500 Internal Server Error on page 3").And.Contain("2 page(s) stored");
    }

    [Fact]
    public async Task Uploads_have_no_runs_to_start()
    {
        var created = await app.Client.PostJsonAsync("/api/sources", $$"""{"kind": "Csv", "name": "Uploads {{Guid.NewGuid():N}}"}""");
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<int>();

        var response = await app.Client.PostAsync($"/api/sources/{id}/runs", null);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["kind"]![0]!.GetValue<string>().Should().Contain("only pulled sources");
    }

    [Fact]
    public async Task Pause_resume_and_reschedule_change_the_next_run()
    {
        var (id, _) = await app.Client.CreateSourceAsync(cron: "0 0 6 * * ?");

        var paused = await (await app.Client.PostAsync($"/api/sources/{id}/pause", null)).ReadJsonAsync();
        var resumed = await (await app.Client.PostAsync($"/api/sources/{id}/resume", null)).ReadJsonAsync();
        var rescheduled = await (await app.Client.PutJsonAsync($"/api/sources/{id}/schedule", """{"cron": "0 30 7 * * ?"}""")).ReadJsonAsync();
        var bad = await app.Client.PutJsonAsync($"/api/sources/{id}/schedule", """{"cron": "7:30 daily"}""");
        var onDemand = await (await app.Client.PutJsonAsync($"/api/sources/{id}/schedule", """{"cron": null}""")).ReadJsonAsync();

        (paused["enabled"]!.GetValue<bool>(), paused["nextRunAt"]).Should().Be((false, null));
        resumed["enabled"]!.GetValue<bool>().Should().BeTrue();
        resumed["nextRunAt"]!.GetValue<DateTimeOffset>().TimeOfDay.Should().Be(new TimeSpan(6, 0, 0), "the test app's shop is on UTC");
        (rescheduled["cron"]!.GetValue<string>(), rescheduled["nextRunAt"]!.GetValue<DateTimeOffset>().TimeOfDay).Should().Be(("0 30 7 * * ?", new TimeSpan(7, 30, 0)));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.ReadJsonAsync())["errors"]!["cron"].Should().NotBeNull();
        (onDemand["cron"], onDemand["nextRunAt"]).Should().Be((null, null));
    }

    [Fact]
    public async Task Product_managers_run_and_read_but_only_admins_add_sources_and_enter_secrets()
    {
        var (id, _) = await app.Client.CreateSourceAsync();
        var (_, pmToken) = await app.CreateUserAsync(Roles.ProductManager);
        var (_, execToken) = await app.CreateUserAsync(Roles.Executive);
        using var pm = app.CreateClient(pmToken);
        using var executive = app.CreateClient(execToken);
        using var anonymous = app.CreateClient(null);

        var pmRun = await pm.PostAsync($"/api/sources/{id}/runs", null);
        (await pm.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await pm.PostAsync($"/api/sources/{id}/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await pm.PostJsonAsync("/api/sources", """{"kind": "Csv", "name": "PM uploads"}""")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await pm.PutJsonAsync($"/api/sources/{id}/secret", """{"secret": "pm-secret"}""")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await executive.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await executive.PostAsync($"/api/sources/{id}/runs", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync("/api/sources")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync($"/api/sources/{id}/runs", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        pmRun.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var run = await pm.WaitForRunAsync(id, (await pmRun.ReadJsonAsync())["runId"]!.GetValue<long>());
        run["state"]!.GetValue<string>().Should().Be("Succeeded");
        run["actor"]!.GetValue<string>().Should().StartWith("productmanager-");
        (await pm.GetAsync("/admin/jobs")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the jobs page is the admins'");
    }
}
