using System.Net;
using System.Text;

namespace RoadmapPrioritizer.Web.Tests.Api;

/// <summary>Versions over HTTP: ETag and "version" out, If-Match or "version" in; a stale write is refused and writes nothing.</summary>
public abstract class EditConflictApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Get_SendsTheVersionAsETagAndInTheBody_AndEverySaveMovesItOn()
    {
        var themeId = await _client.CreateThemeAsync();
        var created = await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId));
        var id = (await created.ReadJsonAsync())["id"];

        var first = await _client.GetAsync($"/api/initiatives/{id}");
        var put = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"reach": 3000}""", ifMatch: "\"1\"");
        var second = await _client.GetAsync($"/api/initiatives/{id}");
        await _client.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 3500}""");
        var third = await _client.GetAsync($"/api/initiatives/{id}");

        created.Headers.ETag!.Tag.Should().Be("\"1\"");
        first.Headers.ETag!.Tag.Should().Be("\"1\"");
        (await first.ReadJsonAsync())["version"]!.GetValue<int>().Should().Be(1);
        first.Headers.ETag.IsWeak.Should().BeFalse();
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        put.Headers.ETag!.Tag.Should().Be("\"2\"");
        (await put.ReadJsonAsync())["version"]!.GetValue<int>().Should().Be(2);
        second.Headers.ETag!.Tag.Should().Be("\"2\"");
        third.Headers.ETag!.Tag.Should().Be("\"3\"");
        (await third.ReadJsonAsync())["version"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task Put_WithAStaleIfMatch_Is412NamingWhatDiffers_AndWritesNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);
        (await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"reach": 3000}""", ifMatch: "\"1\"")).EnsureSuccessStatusCode();
        var before = await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync();

        // The second client read version 1 (reach 2,000) and sends it back with a new title.
        var response = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", ApiClient.InitiativeJson(themeId, "Gift notes v2"), ifMatch: "\"1\"");

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.ETag!.Tag.Should().Be("\"2\"");
        var problem = await response.ReadJsonAsync();
        problem["currentVersion"]!.GetValue<int>().Should().Be(2);
        problem["detail"]!.GetValue<string>().Should().Contain("since version 1").And.Contain("now version 2");
        problem["errors"]!["reach"]![0]!.GetValue<string>().Should().Be("Reach: 2,000 → 3,000");
        problem["errors"]!["title"]![0]!.GetValue<string>().Should().Be("Title: \"Gift notes v2\" → \"Gift notes\"");
        problem["current"]!["reach"]!.GetValue<double>().Should().Be(3000);
        (await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Put_WithAStaleVersionInTheBody_Is409_AndWritesNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);
        await _client.PutJsonAsync($"/api/initiatives/{id}", """{"status": "Planned"}""");
        var before = await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync();

        var response = await _client.PutJsonAsync($"/api/initiatives/{id}", """{"status": "Idea", "effort": 2, "version": 1}""");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem["currentVersion"]!.GetValue<int>().Should().Be(2);
        problem["errors"]!["status"]![0]!.GetValue<string>().Should().Be("Status: Idea → Planned");
        problem["errors"]!["effort"]![0]!.GetValue<string>().Should().Be("Effort: 2 → 4");
        (await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Put_WithTheCurrentVersion_Saves()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);

        var byHeader = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"reach": 3000}""", ifMatch: "\"1\"");
        var byBody = await _client.PutJsonAsync($"/api/initiatives/{id}", """{"effort": 2, "version": 2}""");
        var both = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"impact": 2, "version": 3}""", ifMatch: "\"3\"");
        var any = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"confidence": 1}""", ifMatch: "*");

        new[] { byHeader, byBody, both, any }.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        var stored = await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        // 3000 x 2 x 100% / 2 = 3000
        (stored["version"]!.GetValue<int>(), stored["riceScore"]!.GetValue<double>()).Should().Be((5, 3000));
    }

    [Fact]
    public async Task Put_WithNeitherIfMatchNorVersion_IsAppliedToWhateverIsStored()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);
        await _client.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 3000}""");

        var response = await _client.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 2500}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["reach"]!.GetValue<double>().Should().Be(2500);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("W/\"1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"one\"")]
    [InlineData("\"-1\"")]
    public async Task Put_WithAMalformedIfMatch_Is400_AndWritesNothing(string ifMatch)
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);
        var before = await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync();

        var response = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"reach": 3000}""", ifMatch);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["If-Match"].Should().NotBeNull();
        (await (await _client.GetAsync($"/api/initiatives/{id}")).Content.ReadAsStringAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Put_IfMatchAndBodyVersionDisagree_Is400_AndWritesNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);

        var response = await SendAsync(HttpMethod.Put, $"/api/initiatives/{id}", """{"reach": 3000, "version": 2}""", ifMatch: "\"1\"");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["version"].Should().NotBeNull();
        (await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync())["version"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task ParkAndDelete_WithAStaleIfMatch_Are412_AndChangeNothing()
    {
        var themeId = await _client.CreateThemeAsync();
        var id = await CreateAsync(themeId);
        await _client.PutJsonAsync($"/api/initiatives/{id}", """{"status": "Planned"}""");

        var park = await SendAsync(HttpMethod.Post, $"/api/initiatives/{id}/park", null, ifMatch: "\"1\"");
        var delete = await SendAsync(HttpMethod.Delete, $"/api/initiatives/{id}", null, ifMatch: "\"1\"");

        park.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        delete.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        delete.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var stored = await (await _client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        (stored["status"]!.GetValue<string>(), stored["version"]!.GetValue<int>()).Should().Be(("Planned", 2));

        (await SendAsync(HttpMethod.Post, $"/api/initiatives/{id}/park", null, ifMatch: "\"2\"")).Headers.ETag!.Tag.Should().Be("\"3\"");
        (await SendAsync(HttpMethod.Delete, $"/api/initiatives/{id}", null, ifMatch: "\"3\"")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Themes_HaveETags_AndRefuseStaleWrites()
    {
        var response = await _client.PostJsonAsync("/api/themes", $$"""{"name": "Gifting {{Guid.NewGuid():N}}", "colour": "#2f6f6a"}""");
        var id = (await response.ReadJsonAsync())["id"];
        var renamed = $"Gifts {Guid.NewGuid():N}";

        var get = await _client.GetAsync($"/api/themes/{id}");
        var first = await SendAsync(HttpMethod.Put, $"/api/themes/{id}", $$"""{"name": "{{renamed}}", "archived": true}""", ifMatch: "\"1\"");
        var staleHeader = await SendAsync(HttpMethod.Put, $"/api/themes/{id}", """{"colour": "#aa3355"}""", ifMatch: "\"1\"");
        var staleBody = await _client.PutJsonAsync($"/api/themes/{id}", """{"colour": "#aa3355", "archived": false, "version": 1}""");

        get.Headers.ETag!.Tag.Should().Be("\"1\"");
        (await get.ReadJsonAsync())["version"]!.GetValue<int>().Should().Be(1);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.ETag!.Tag.Should().Be("\"2\"", "one save is one version, however many fields it changes");
        staleHeader.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await staleHeader.ReadJsonAsync())["errors"]!["colour"]![0]!.GetValue<string>().Should().Be("Colour: #aa3355 → #2f6f6a");
        staleBody.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await staleBody.ReadJsonAsync())["errors"]!["archived"]![0]!.GetValue<string>().Should().Be("Archived: no → yes");
        var stored = await (await _client.GetAsync($"/api/themes/{id}")).ReadJsonAsync();
        (stored["name"]!.GetValue<string>(), stored["colour"]!.GetValue<string>(), stored["archived"]!.GetValue<bool>(), stored["version"]!.GetValue<int>())
            .Should().Be((renamed, "#2f6f6a", true, 2));
    }

    private async Task<int> CreateAsync(int themeId)
    {
        var response = await _client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json, string ifMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        // Without validation, so the tests can send malformed values too.
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }
}

public sealed class EditConflictApiTests_Sqlite(SqliteApp app) : EditConflictApiTests<SqliteApp>(app);

public sealed class EditConflictApiTests_Postgres(PostgresApp app) : EditConflictApiTests<PostgresApp>(app);
