using System.Net;
using System.Text.RegularExpressions;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>The jobs page as a browser without JavaScript gets it, and the run fragment htmx polls.</summary>
public sealed partial class JobsPageTests(SqliteIngestionApp app) : IClassFixture<SqliteIngestionApp>
{
    [Fact]
    public async Task The_page_lists_each_source_with_its_schedule_last_run_history_and_next_run_and_the_nightly_slot()
    {
        var (id, name) = await app.Client.CreateSourceAsync(cron: "0 45 4 * * ?");
        await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));
        await app.Client.WaitForRunAsync(id, await app.Client.StartRunAsync(id));
        using var admin = await SignedInAdminAsync();

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/jobs"));

        var row = Row(html, name);
        row.Should().Contain("Zigpoll · secret <span data-testid=\"secret-state\">set</span>").And.Contain("<code>0 45 4 * * ?</code>").And.Contain(">Enabled<");
        row.Should().Contain("data-state=\"Succeeded\"").And.Contain("0 added · 0 already present · 0 rejected", "the last run is the second, which resumed after the last page")
            .And.Contain("by admin@example.com");
        row.Should().MatchRegex(@"data-testid=""next-run"">\d+ \w+ \d{4} 04:45:00<");
        HistoryRows(html, name).Should().Be(2);
        html.Should().Contain("Nightly rescore").And.Contain("<code>0 0 2 * * ?</code>");
        html.Should().NotContain("zp-live-secret", "secrets are never rendered");
    }

    [Fact]
    public async Task Run_now_starts_a_run_whose_fragment_polls_every_second_until_it_ends()
    {
        var (id, name) = await app.Client.CreateSourceAsync(settings: "\"pages\": \"2\", \"delayMs\": \"600\"");
        using var admin = await SignedInAdminAsync();

        var page = await admin.PostFormAsync("/admin/jobs", $"run-{id}", new Dictionary<string, string>());

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/admin/jobs", "the post redirects back to the page");
        var runId = (await app.Client.GetArrayAsync($"/api/sources/{id}/runs"))[0]!["id"]!.GetValue<long>();
        var html = await page.Content.ReadAsStringAsync();
        Row(html, name).Should().Contain($"hx-get=\"/fragments/sources/{id}/runs/{runId}\" hx-trigger=\"every 1s\"");

        var running = await admin.GetStringAsync($"/fragments/sources/{id}/runs/{runId}");
        running.Should().Contain("data-state=\"Running\"").And.Contain("hx-trigger=\"every 1s\"");
        await app.Client.WaitForRunAsync(id, runId);
        var finished = WebUtility.HtmlDecode(await admin.GetStringAsync($"/fragments/sources/{id}/runs/{runId}"));
        finished.Should().StartWith($"<div id=\"run-{runId}\"").And.Contain("data-state=\"Succeeded\"").And.Contain("4 added · 0 already present · 0 rejected");
        finished.Should().NotContain("hx-trigger", "a finished run stops the polling");
    }

    [Fact]
    public async Task Adding_a_source_with_only_kind_and_name_posted_names_the_missing_secret_and_adds_nothing()
    {
        using var admin = await SignedInAdminAsync();
        var name = $"Webhook {Guid.NewGuid():N}";

        var posted = await admin.PostFormAsync("/admin/jobs", "new-source", new Dictionary<string, string> { ["NewSource.Kind"] = "Zigpoll", ["NewSource.Name"] = name });

        posted.StatusCode.Should().Be(HttpStatusCode.OK, "a form without the optional fields is still a form");
        var page = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        page.Should().Contain("data-field=\"secret\">This kind of source needs a secret");
        (await app.Client.GetArrayAsync("/api/sources")).Should().NotContain(s => s!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Adding_a_source_on_the_page_checks_each_field_and_never_shows_the_secret_again()
    {
        using var admin = await SignedInAdminAsync();
        var name = $"Orders {Guid.NewGuid():N}";
        var fields = new Dictionary<string, string>
        {
            ["NewSource.Kind"] = "Shopify",
            ["NewSource.Name"] = name,
            ["NewSource.Cron"] = "every hour",
            ["NewSource.Secret"] = "shpat_page_secret_123",
            ["NewSource.Settings[shop]"] = "ashgrove.myshopify.com",
            ["NewSource.Settings[baseUrl]"] = "",
            ["NewSource.OtherSettings"] = "apiVersion=2025-10\nsince = 2026-01-01",
        };

        var refused = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", "new-source", fields)).Content.ReadAsStringAsync());
        fields["NewSource.OtherSettings"] = "apiVersion";
        var badLine = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", "new-source", fields)).Content.ReadAsStringAsync());
        fields["NewSource.Cron"] = "0 0 */6 * * ?";
        fields["NewSource.OtherSettings"] = "apiVersion=2025-10\nsince = 2026-01-01";
        var added = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", "new-source", fields)).Content.ReadAsStringAsync());

        refused.Should().Contain("Cron must be a Quartz cron expression").And.NotContain("shpat_page_secret");
        badLine.Should().Contain("Line 1 of the other settings is not key=value.").And.NotContain("shpat_page_secret");
        added.Should().Contain($"Added {name}.").And.NotContain("shpat_page_secret");
        Row(added, name).Should().Contain("Shopify · secret <span data-testid=\"secret-state\">set</span>").And.Contain("<code>0 0 */6 * * ?</code>");
        var source = (await app.Client.GetArrayAsync("/api/sources")).Single(s => s!["name"]!.GetValue<string>() == name)!;
        source["settings"]!.ToJsonString().Should().Be("""{"shop":"ashgrove.myshopify.com","apiVersion":"2025-10","since":"2026-01-01"}""");
    }

    [Fact]
    public async Task Pause_resume_reschedule_and_a_new_secret_on_the_page()
    {
        var (id, name) = await app.Client.CreateSourceAsync(cron: "0 0 5 * * ?");
        using var admin = await SignedInAdminAsync();

        var paused = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"toggle-{id}", new Dictionary<string, string>())).Content.ReadAsStringAsync());
        var pausedRow = Row(paused, name);
        var resumed = Row(await (await admin.PostFormAsync("/admin/jobs", $"toggle-{id}", new Dictionary<string, string>())).Content.ReadAsStringAsync(), name);
        var badCron = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"schedule-{id}", new Dictionary<string, string> { ["Row.Cron"] = "at five" })).Content.ReadAsStringAsync());
        var rescheduled = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"schedule-{id}", new Dictionary<string, string> { ["Row.Cron"] = "0 0 6 * * ?" })).Content.ReadAsStringAsync());
        var noSecret = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"secret-{id}", new Dictionary<string, string> { ["Row.Secret"] = "" })).Content.ReadAsStringAsync());
        var newSecret = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/admin/jobs", $"secret-{id}", new Dictionary<string, string> { ["Row.Secret"] = "zp-page-rotated-9" })).Content.ReadAsStringAsync());

        pausedRow.Should().Contain(">Paused<").And.Contain($"aria-label=\"Resume {name}\"").And.Contain("data-testid=\"next-run\">–<");
        resumed.Should().Contain(">Enabled<").And.Contain($"aria-label=\"Pause {name}\"");
        badCron.Should().Contain("Cron must be a Quartz cron expression").And.Contain("value=\"at five\"");
        rescheduled.Should().Contain($"Schedule of {name} saved.");
        Row(rescheduled, name).Should().Contain("<code>0 0 6 * * ?</code>");
        noSecret.Should().Contain("This kind of source needs a secret");
        newSecret.Should().Contain($"Secret of {name} replaced.").And.NotContain("zp-page-rotated-9");
    }

    private async Task<HttpClient> SignedInAdminAsync()
    {
        var admin = app.CreateCookieClient();
        (await admin.SignInAsync(AppFixture.AdminEmail, AppFixture.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
        return admin;
    }

    /// <summary>The source's row of the jobs table (not its details row).</summary>
    private static string Row(string html, string source)
    {
        var start = html.IndexOf($"data-source=\"{source}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, $"the page lists {source}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static int HistoryRows(string html, string source)
    {
        var start = html.IndexOf($"aria-label=\"Last runs of {source}\"", StringComparison.Ordinal);
        return HistoryRowPattern().Count(html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)]);
    }

    [GeneratedRegex("data-testid=\"history-row\"")]
    private static partial Regex HistoryRowPattern();
}
