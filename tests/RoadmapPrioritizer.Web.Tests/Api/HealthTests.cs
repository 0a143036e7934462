using System.Net;
using Npgsql;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Web.Tests.Api;

/// <summary>Its own app: the test takes the database away.</summary>
public sealed class HealthTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Health_Is503WhenTheDatabaseIsGone()
    {
        using var monitor = app.CreateClient(token: null);
        (await monitor.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        var server = await PostgresServer.SharedAsync();

        await server.DropDatabaseAsync(app.ConnectionString);
        NpgsqlConnection.ClearAllPools();
        var response = await monitor.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().Should().Be("Unhealthy");
    }
}
