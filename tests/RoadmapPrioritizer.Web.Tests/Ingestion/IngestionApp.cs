using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Web.Hosting;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>The app with the test connector installed for Zigpoll sources, as the integrator installs the real ones.</summary>
public abstract class IngestionApp(DatabaseProvider provider) : AppFixture(provider, demoData: false)
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddConnector<TestConnector>();
}

public sealed class SqliteIngestionApp() : IngestionApp(DatabaseProvider.Sqlite);

public sealed class PostgresIngestionApp() : IngestionApp(DatabaseProvider.Postgres);

internal static class SourcesClient
{
    /// <summary>A Zigpoll source with a unique name; <paramref name="settings"/> is a JSON object's members.</summary>
    public static async Task<(int Id, string Name)> CreateSourceAsync(this HttpClient client, string? cron = null, string settings = "", string secret = "zp-live-secret-0001")
    {
        var name = $"Exit survey {Guid.NewGuid():N}";
        var cronJson = cron is null ? "null" : $"\"{cron}\"";
        var response = await client.PostJsonAsync("/api/sources", $$$"""{"kind": "Zigpoll", "name": "{{{name}}}", "cron": {{{cronJson}}}, "secret": "{{{secret}}}", "settings": { {{{settings}}} } }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync())["id"]!.GetValue<int>(), name);
    }

    /// <summary>Polls the run until it has finished, for at most <paramref name="seconds"/>.</summary>
    public static async Task<JsonNode> WaitForRunAsync(this HttpClient client, int sourceId, long runId, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var run = await (await client.GetAsync($"/api/sources/{sourceId}/runs/{runId}")).ReadJsonAsync();
            if (run["state"]!.GetValue<string>() != "Running")
            {
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"run {runId} should finish within {seconds} s; it is at {run["progress"]}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls the source's runs until one matches, for at most <paramref name="seconds"/>.</summary>
    public static async Task<JsonNode> WaitForRunAsync(this HttpClient client, int sourceId, Func<JsonNode, bool> match, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var runs = await client.GetArrayAsync($"/api/sources/{sourceId}/runs");
            if (runs.FirstOrDefault(r => match(r!)) is { } run)
            {
                return run;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"a matching run of source {sourceId} should appear within {seconds} s; runs: {runs.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static async Task<long> StartRunAsync(this HttpClient client, int sourceId)
    {
        var response = await client.PostAsync($"/api/sources/{sourceId}/runs", null);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["runId"]!.GetValue<long>();
    }
}
