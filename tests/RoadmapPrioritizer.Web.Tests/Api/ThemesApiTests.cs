using System.Net;

namespace RoadmapPrioritizer.Web.Tests.Api;

public abstract class ThemesApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Get_ListsTheSeededDefaults()
    {
        var names = (await _client.GetArrayAsync("/api/themes")).Select(t => t!["name"]!.GetValue<string>());

        names.Should().Contain(["Conversion optimisation", "Personalisation", "Operational efficiency", "New product launches"]);
    }

    [Fact]
    public async Task Post_Valid_Returns201_AndIsListed()
    {
        var response = await _client.PostJsonAsync("/api/themes", """{"name": "Gifting season", "description": "Wrapping, notes and gift cards"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.ReadJsonAsync();
        body["name"]!.GetValue<string>().Should().Be("Gifting season");
        body["description"]!.GetValue<string>().Should().Be("Wrapping, notes and gift cards");
        body["colour"]!.GetValue<string>().Should().MatchRegex("^#[0-9a-f]{6}$");
        body["archived"]!.GetValue<bool>().Should().BeFalse();
        (await _client.GetArrayAsync("/api/themes")).Select(t => t!["id"]!.GetValue<int>()).Should().Contain(body["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Post_DuplicateNameInAnyCase_Is409_AndWritesNothing()
    {
        var before = (await _client.GetArrayAsync("/api/themes")).Count;

        var response = await _client.PostJsonAsync("/api/themes", """{"name": "conversion OPTIMISATION"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadJsonAsync())["errors"]!["name"].Should().NotBeNull();
        (await _client.GetArrayAsync("/api/themes")).Count.Should().Be(before);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"description": "no name"}""", "name")]
    [InlineData("""{"name": "Colourful", "colour": "teal"}""", "colour")]
    [InlineData("""{"name": 42}""", "name")]
    [InlineData("""{"name": """, "body")]
    public async Task Post_Invalid_Is400WithTheField(string body, string field)
    {
        var before = (await _client.GetArrayAsync("/api/themes")).Count;

        var response = await _client.PostJsonAsync("/api/themes", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]![field].Should().NotBeNull();
        (await _client.GetArrayAsync("/api/themes")).Count.Should().Be(before);
    }

    [Fact]
    public async Task Put_RenamesAndArchives_UnknownIs404()
    {
        var id = await _client.CreateThemeAsync();

        var response = await _client.PutJsonAsync($"/api/themes/{id}", """{"name": "Renamed theme", "archived": true}""");
        var unknown = await _client.PutJsonAsync("/api/themes/987654", """{"name": "x"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await (await _client.GetAsync($"/api/themes/{id}")).ReadJsonAsync();
        (stored["name"]!.GetValue<string>(), stored["archived"]!.GetValue<bool>()).Should().Be(("Renamed theme", true));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BrandCriteria_ListsKeysNamesAndWeights()
    {
        var criteria = await _client.GetArrayAsync("/api/brand-criteria");

        criteria.Select(c => c!["key"]!.GetValue<string>()).Should().Equal("craft_storytelling", "artisan_collaboration", "community_impact", "uniqueness_customisation");
        criteria.Should().OnlyContain(c => c!["weight"]!.GetValue<double>() > 0 && c["name"]!.GetValue<string>().Length > 0);
    }

    [Fact]
    public async Task BrandCriterionWeight_AdminChangesIt_AndFitsFollow()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = (await (await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];
        var (_, pmToken) = await app.CreateUserAsync(Infrastructure.Accounts.Roles.ProductManager);
        using var pm = app.CreateClient(pmToken);

        var refused = await pm.PutJsonAsync("/api/brand-criteria/craft_storytelling", """{"weight": 3}""");
        var invalid = await _client.PutJsonAsync("/api/brand-criteria/craft_storytelling", """{"weight": 0}""");
        var unknown = await _client.PutJsonAsync("/api/brand-criteria/vibes", """{"weight": 2}""");
        var changed = await _client.PutJsonAsync("/api/brand-criteria/craft_storytelling", """{"weight": 3}""");
        var fit = (await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync())["brandAlignment"]!.GetValue<double>();
        await _client.PutJsonAsync("/api/brand-criteria/craft_storytelling", """{"weight": 1}""");

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        fit.Should().Be(3, "(3 x 5 + 1 x 3 + 1 x 0 + 1 x 0) / (3 + 1 + 1 + 1) = 18 / 6");
    }

    [Fact]
    public async Task Health_Is200WhenTheDatabaseAnswers()
    {
        var response = await _client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().Should().Be("Healthy");
    }

    [Fact]
    public async Task UnknownApiRoute_Is404Problem()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}

public sealed class ThemesApiTests_Sqlite(SqliteApp app) : ThemesApiTests<SqliteApp>(app);

public sealed class ThemesApiTests_Postgres(PostgresApp app) : ThemesApiTests<PostgresApp>(app);
