using System.Net;
using System.Text.Json.Nodes;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Incidents;

/// <summary>GET /api/incidents over real HTTP, on the shop of <see cref="IncidentSeed"/>.</summary>
public abstract class IncidentsApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    [Fact]
    public async Task All_NewestFirst_InExactlyTheDocumentedShape()
    {
        var (express, cartReminders) = await IncidentSeed.EnsureAsync(app);

        var incidents = await GetArrayAsync("/api/incidents");

        incidents.Should().HaveCount(2);
        var open = incidents[0]!.AsObject();
        open.Select(p => p.Key).Should().Equal("id", "step", "metric", "baseline", "observed", "changePct", "openedOn", "closedOn", "initiativeIds");
        open["id"]!.GetValue<int>().Should().BePositive();
        open["step"]!.GetValue<string>().Should().Be("CheckoutCompleted");
        open["metric"]!.GetValue<string>().Should().Be("conversion");
        // 245 of 7,000 this week vs 350 of 7,000 the week before: 0.035 vs 0.05, 0.035 / 0.05 - 1 = -0.3.
        open["observed"]!.GetValue<double>().Should().Be(0.035);
        open["baseline"]!.GetValue<double>().Should().Be(0.05);
        open["changePct"]!.GetValue<double>().Should().BeApproximately(-0.3, 1e-12);
        open["openedOn"]!.GetValue<string>().Should().Be("2026-11-28");
        open["closedOn"].Should().BeNull();
        open.ContainsKey("closedOn").Should().BeTrue("closedOn is written as null while open");
        open["initiativeIds"]!.AsArray().Select(i => i!.GetValue<int>()).Should().Equal(express);

        var closed = incidents[1]!.AsObject();
        closed["step"]!.GetValue<string>().Should().Be("AddToCart");
        (closed["openedOn"]!.GetValue<string>(), closed["closedOn"]!.GetValue<string>()).Should().Be(("2026-10-23", "2026-10-29"));
        // Its last low day, 28 Oct: 10,000 of 28,000 carts vs 54,400 of 112,000 over the 28 days before:
        // 10,000 x 112,000 / (28,000 x 54,400) - 1 = -9/34.
        closed["observed"]!.GetValue<double>().Should().BeApproximately(10_000.0 / 28_000, 1e-15);
        closed["baseline"]!.GetValue<double>().Should().BeApproximately(54_400.0 / 112_000, 1e-15);
        closed["changePct"]!.GetValue<double>().Should().BeApproximately(-9.0 / 34, 1e-12);
        closed["initiativeIds"]!.AsArray().Select(i => i!.GetValue<int>()).Should().Equal(cartReminders);
    }

    [Theory]
    [InlineData("open", "CheckoutCompleted")]
    [InlineData("OPEN", "CheckoutCompleted")]
    [InlineData("closed", "AddToCart")]
    public async Task ByState_ListsOnlyThoseIncidents(string state, string step)
    {
        await IncidentSeed.EnsureAsync(app);

        var incidents = await GetArrayAsync($"/api/incidents?state={state}");

        incidents.Select(i => i!["step"]!.GetValue<string>()).Should().Equal(step);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("1")]
    [InlineData("opened")]
    public async Task ABadState_Is400ProblemNamingState(string state)
    {
        var response = await app.Client.GetAsync($"/api/incidents?state={state}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Should().Equal("state");
    }

    [Theory]
    [InlineData("Executive")]
    [InlineData("ProductManager")]
    public async Task EverySignedInRole_CanRead_AndAnonymousCannot(string role)
    {
        await IncidentSeed.EnsureAsync(app);
        var (_, token) = await app.CreateUserAsync(role);
        using var reader = app.CreateClient(token);
        using var anonymous = app.CreateClient(token: null);

        var read = await reader.GetAsync("/api/incidents?state=open");
        var refused = await anonymous.GetAsync("/api/incidents");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonArray> GetArrayAsync(string url)
    {
        var response = await app.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).AsArray();
    }
}

public sealed class IncidentsApiTests_Sqlite(SqliteApp app) : IncidentsApiTests<SqliteApp>(app);

public sealed class IncidentsApiTests_Postgres(PostgresApp app) : IncidentsApiTests<PostgresApp>(app);
