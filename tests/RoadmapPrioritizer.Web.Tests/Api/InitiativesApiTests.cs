using System.Net;
using System.Text.Json.Nodes;

namespace RoadmapPrioritizer.Web.Tests.Api;

public abstract class InitiativesApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Post_Valid_Returns201WithScoresComputedFromTheInputs()
    {
        var themeId = await _client.CreateThemeAsync();

        var response = await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.ReadJsonAsync();
        response.Headers.Location!.ToString().Should().Be($"/api/initiatives/{body["id"]}");
        // RICE 2000 x 1 x 0.8 / 4 = 400; fit (5 + 3 + 0 + 0) / 4 = 2; multiplier 0.5 + 2/5 = 0.9; priority 360.
        body["riceScore"]!.GetValue<double>().Should().Be(400);
        body["brandAlignment"]!.GetValue<double>().Should().Be(2);
        body["priorityScore"]!.GetValue<double>().Should().BeApproximately(360, 1e-9);
        body["themeId"]!.GetValue<int>().Should().Be(themeId);
        body["horizon"]!.GetValue<string>().Should().Be("Short");
        body["status"]!.GetValue<string>().Should().Be("Idea");
        body["brandRatings"]!["craft_storytelling"]!.GetValue<int>().Should().Be(5);
        body["breakdown"]!["rice"]!.GetValue<string>().Should().Be("2,000 × 1 × 80% ÷ 4 = 400.0");
    }

    [Fact]
    public async Task Get_ReturnsWhatWasStored_AndUnknownIdIs404()
    {
        var themeId = await _client.CreateThemeAsync();
        var created = await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, reach: 123.5))).ReadJsonAsync();

        var fetched = await (await _client.GetAsync($"/api/initiatives/{created["id"]}")).ReadJsonAsync();
        var missing = await _client.GetAsync("/api/initiatives/987654");

        fetched["reach"]!.GetValue<double>().Should().Be(123.5);
        fetched["title"]!.GetValue<string>().Should().Be("Gift notes");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_ChangesTheInitiative_AndRescoresIt()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = (await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        var response = await _client.PutJsonAsync($"/api/initiatives/{id}", ApiClient.InitiativeJson(themeId, "Gift notes v2", reach: 3000, effort: 2));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        stored["title"]!.GetValue<string>().Should().Be("Gift notes v2");
        stored["riceScore"]!.GetValue<double>().Should().Be(1200); // 3000 x 1 x 0.8 / 2
    }

    [Fact]
    public async Task Put_Partial_KeepsFieldsItDoesNotCarry()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = (await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        await _client.PutJsonAsync($"/api/initiatives/{id}", """{"status": "Planned"}""");

        var stored = await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        (stored["status"]!.GetValue<string>(), stored["reach"]!.GetValue<double>(), stored["title"]!.GetValue<string>()).Should().Be(("Planned", 2000, "Gift notes"));
    }

    [Fact]
    public async Task Put_InvalidOrUnknown_ChangesNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = (await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];
        var before = await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync();

        var invalid = await _client.PutJsonAsync($"/api/initiatives/{id}", """{"title": "Renamed", "confidence": 0}""");
        var unknown = await _client.PutJsonAsync("/api/initiatives/987654", ApiClient.InitiativeJson(themeId));

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.ReadJsonAsync())["errors"]!["confidence"].Should().NotBeNull();
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Delete_RemovesIt_ThenIs404()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = (await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        var first = await _client.DeleteAsync($"/api/initiatives/{id}");
        var second = await _client.DeleteAsync($"/api/initiatives/{id}");

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        second.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync($"/api/initiatives/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "title" },
        { """{"title": "   ", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "title" },
        { $$"""{"title": "{{new string('x', 201)}}", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "title" },
        { """{"title": "t", "themeId": 987654, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "themeId" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Soon", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "horizon" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1.5, "confidence": 1, "effort": 1}""", "impact" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 0, "effort": 1}""", "confidence" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1.01, "effort": 1}""", "confidence" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 0}""", "effort" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": -2}""", "effort" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": -1, "impact": 1, "confidence": 1, "effort": 1}""", "reach" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": "100", "impact": 1, "confidence": 1, "effort": 1}""", "reach" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": "NaN", "impact": 1, "confidence": 1, "effort": 1}""", "reach" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": "Infinity", "effort": 1}""", "confidence" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1e999, "impact": 1, "confidence": 1, "effort": 1}""", "reach" },
        { """{"title": "t", "themeId": "{theme}", "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1}""", "themeId" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "brandAlignment": {"craft_storytelling": 6}}""", "brandAlignment.craft_storytelling" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "brandAlignment": {"community_impact": -1}}""", "brandAlignment.community_impact" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "brandAlignment": {"vibes": 3}}""", "brandAlignment.vibes" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "brandAlignment": {"craft_storytelling": 2.5}}""", "brandAlignment.craft_storytelling" },
        { """{"title": "t", "themeId": {theme}, "horizon": "Short", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "brandAlignment": {"craft_storytelling": "high"}}""", "brandAlignment.craft_storytelling" },
        { """{"title": "t", "themeId": {theme}, """, "body" },
        { """[1, 2]""", "body" },
        { """null""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_BadInput_Is400ProblemNamingTheField_AndWritesNothing(string body, string field)
    {
        var themeId = await _client.CreateThemeAsync();
        var before = (await _client.GetArrayAsync("/api/initiatives")).Count;

        var response = await _client.PostJsonAsync("/api/initiatives", body.Replace("{theme}", themeId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Contain(field);
        errors[field]![0]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        (await _client.GetArrayAsync("/api/initiatives")).Count.Should().Be(before);
    }

    [Fact]
    public async Task Post_InvalidInEveryField_ReportsThemAllAtOnce()
    {
        var response = await _client.PostJsonAsync("/api/initiatives", """{"title": "", "impact": 7, "confidence": 2, "effort": 0, "reach": -3}""");

        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key);
        errors.Should().BeEquivalentTo("title", "themeId", "horizon", "reach", "impact", "confidence", "effort");
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413_AndWritesNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var before = (await _client.GetArrayAsync("/api/initiatives")).Count;
        var huge = ApiClient.InitiativeJson(themeId).Replace("\"Gift notes\"", $"\"{new string('x', 100_000)}\"", StringComparison.Ordinal);

        var response = await _client.PostJsonAsync("/api/initiatives", huge);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await _client.GetArrayAsync("/api/initiatives")).Count.Should().Be(before);
    }

    [Fact]
    public async Task Post_NotJson_Is415()
    {
        var response = await _client.PostAsync("/api/initiatives", new StringContent("title=x"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Rankings_EqualRice_BetterBrandFitRanksHigher_AndRanksAreOneToN()
    {
        var themeId = await _client.CreateThemeAsync();
        var low = await CreateAsync(themeId, "Low fit", """{"craft_storytelling": 1}""");
        var high = await CreateAsync(themeId, "High fit", """{"craft_storytelling": 5, "community_impact": 5}""");
        var mid = await CreateAsync(themeId, "Mid fit", """{"craft_storytelling": 3}""");

        var rankings = await _client.GetArrayAsync("/api/rankings");

        rankings.Select(r => r!["rank"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, rankings.Count));
        rankings.Select(r => r!["priorityScore"]!.GetValue<double>()).Should().BeInDescendingOrder();
        rankings.Select(r => r!["id"]!.GetValue<int>()).Where(id => id == low || id == mid || id == high).Should().Equal(high, mid, low);
        var first = rankings.First(r => r!["id"]!.GetValue<int>() == high)!.AsObject();
        first.Select(p => p.Key).Should().Contain(["id", "title", "rank", "riceScore", "brandAlignment", "priorityScore", "themeId", "horizon"]);
    }

    [Fact]
    public async Task Rankings_LeaveOutParkedWork()
    {
        var themeId = await _client.CreateThemeAsync();
        var parked = await CreateAsync(themeId, "To park", "{}");

        await _client.PutJsonAsync($"/api/initiatives/{parked}", """{"status": "Parked"}""");

        (await _client.GetArrayAsync("/api/rankings")).Select(r => r!["id"]!.GetValue<int>()).Should().NotContain(parked);
        (await (await _client.GetAsync($"/api/initiatives/{parked}")).ReadJsonAsync())["rank"].Should().BeNull();
    }

    private async Task<int> CreateAsync(int themeId, string title, string ratings)
    {
        var response = await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId, title, reach: 500, impact: 2, confidence: 1, effort: 2, ratings: ratings));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }
}

public sealed class InitiativesApiTests_Sqlite(SqliteApp app) : InitiativesApiTests<SqliteApp>(app);

public sealed class InitiativesApiTests_Postgres(PostgresApp app) : InitiativesApiTests<PostgresApp>(app);
