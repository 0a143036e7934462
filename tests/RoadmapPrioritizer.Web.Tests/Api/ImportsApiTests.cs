using System.Net;
using System.Text;
using RoadmapPrioritizer.Infrastructure.Accounts;

namespace RoadmapPrioritizer.Web.Tests.Api;

public abstract class ImportsApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    private const string Surveys = """
        external_id,survey_type,submitted_at,reason,text,score,order_value,customer,page
        e1,ExitIntent,2026-11-02T14:30:00Z,Shipping cost too high,,,,,/cart
        e2,ExitIntent,2026-11-02T15:00:00Z,Just browsing,,,,,/product/mug
        n1,NPS,2026-11-03T09:00:00Z,,Lovely glaze,10,42.00,ann@example.com,
        bad,NPS,2026-11-03T09:00:00Z,,,11,,,
        """;

    private readonly HttpClient _client = app.Client;

    [Fact]
    public async Task Importing_the_same_file_twice_stores_it_once()
    {
        var source = NewSource();

        var first = await ImportAsync($"/api/imports/survey-responses?source={source}", Surveys);
        var second = await ImportAsync($"/api/imports/survey-responses?source={source}", Surveys);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await first.ReadJsonAsync();
        (body["added"]!.GetValue<int>(), body["alreadyPresent"]!.GetValue<int>(), body["rejected"]!.GetValue<int>()).Should().Be((3, 0, 1));
        var error = body["errors"]!.AsArray().Should().ContainSingle().Subject!;
        (error["line"]!.GetValue<int>(), error["field"]!.GetValue<string>()).Should().Be((5, "score"));
        error["message"]!.GetValue<string>().Should().Be("An NPS score is a whole number from 0 to 10.");
        var again = await second.ReadJsonAsync();
        (again["added"]!.GetValue<int>(), again["alreadyPresent"]!.GetValue<int>(), again["rejected"]!.GetValue<int>()).Should().Be((0, 3, 1));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_writes_nothing()
    {
        var source = NewSource();

        var dry = await (await ImportAsync($"/api/imports/survey-responses?source={source}&dryRun=true", Surveys)).ReadJsonAsync();
        var real = await (await ImportAsync($"/api/imports/survey-responses?source={source}", Surveys)).ReadJsonAsync();

        (dry["added"]!.GetValue<int>(), dry["rejected"]!.GetValue<int>()).Should().Be((3, 1));
        dry["runId"].Should().BeNull();
        real["added"]!.GetValue<int>().Should().Be(3, "the dry run stored nothing");
    }

    [Fact]
    public async Task Funnel_days_imported_again_are_replaced_not_added()
    {
        var source = NewSource();
        const string Day = "date,sessions,product_views,add_to_cart,checkout_started,checkout_completed,revenue,currency,segment\n2026-11-01,1200,800,120,60,30,1534.50,GBP,\n";

        await ImportAsync($"/api/imports/funnel-daily?source={source}", Day);
        var again = await (await ImportAsync($"/api/imports/funnel-daily?source={source}", Day.Replace("1200", "1300", StringComparison.Ordinal))).ReadJsonAsync();

        (again["added"]!.GetValue<int>(), again["alreadyPresent"]!.GetValue<int>()).Should().Be((0, 1));
    }

    [Fact]
    public async Task Orders_are_imported_with_their_totals()
    {
        var source = NewSource();
        const string Orders = "order_id,customer,created_at,total,currency,items\n1001,ann@example.com,2026-11-02T10:00:00Z,45.00,GBP,2\n1002,,2026-11-02T11:00:00Z,-3,GBP,1\n";

        var body = await (await ImportAsync($"/api/imports/orders?source={source}", Orders)).ReadJsonAsync();

        (body["added"]!.GetValue<int>(), body["rejected"]!.GetValue<int>()).Should().Be((1, 1));
        body["errors"]![0]!["field"]!.GetValue<string>().Should().Be("total");
    }

    [Fact]
    public async Task A_file_without_a_usable_header_is_a_400_problem_and_writes_nothing()
    {
        var source = NewSource();

        var response = await ImportAsync($"/api/imports/survey-responses?source={source}", "name,comment\nAnn,Lovely\n");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadJsonAsync())["detail"]!.GetValue<string>().Should().StartWith("No usable header");
        var after = await (await ImportAsync($"/api/imports/survey-responses?source={source}", Surveys)).ReadJsonAsync();
        after["added"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task A_file_that_breaks_midway_stores_none_of_its_lines()
    {
        var source = NewSource();
        var bytes = Encoding.UTF8.GetBytes(Surveys + "\n").Concat(Encoding.Latin1.GetBytes("x9,NPS,2026-11-03T09:00:00Z,,Café,9,,,\n")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("text/csv");

        var response = await _client.PostAsync(new Uri($"/api/imports/survey-responses?source={source}", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["detail"]!.GetValue<string>().Should().StartWith("Line 6: the file is not UTF-8");
        (await (await ImportAsync($"/api/imports/survey-responses?source={source}", Surveys)).ReadJsonAsync())["added"]!.GetValue<int>().Should().Be(3);
    }

    [Theory]
    [InlineData("/api/imports/reviews", "text/csv", HttpStatusCode.NotFound)]
    [InlineData("/api/imports/survey-responses", "application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/api/imports/survey-responses?dryRun=maybe", "text/csv", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports/survey-responses?currency=pounds", "text/csv", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports/survey-responses?surveyType=poll", "text/csv", HttpStatusCode.BadRequest)]
    public async Task Requests_the_import_cannot_serve_are_refused(string url, string contentType, HttpStatusCode expected)
    {
        using var content = new StringContent(Surveys, Encoding.UTF8, contentType);

        var response = await _client.PostAsync(new Uri(url, UriKind.Relative), content);

        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Executives_cannot_import_and_product_managers_can()
    {
        var (_, executive) = await app.CreateUserAsync(Roles.Executive);
        var (_, manager) = await app.CreateUserAsync(Roles.ProductManager);

        using var asExecutive = app.CreateClient(executive);
        using var asManager = app.CreateClient(manager);
        (await ImportAsync(asExecutive, $"/api/imports/survey-responses?source={NewSource()}", Surveys)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ImportAsync(asManager, $"/api/imports/survey-responses?source={NewSource()}", Surveys)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string NewSource() => "test-" + Guid.NewGuid().ToString("N")[..8];

    private Task<HttpResponseMessage> ImportAsync(string url, string csv) => ImportAsync(_client, url, csv);

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string url, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }
}

public sealed class ImportsApiTests_Sqlite(SqliteApp app) : ImportsApiTests<SqliteApp>(app);

public sealed class ImportsApiTests_Postgres(PostgresApp app) : ImportsApiTests<PostgresApp>(app);
