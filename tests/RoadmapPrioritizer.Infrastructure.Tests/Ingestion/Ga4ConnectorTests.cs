using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Ga4;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class Ga4ConnectorTests(ServiceAccountKey key) : IClassFixture<ServiceAccountKey>
{
    private const string ClientEmail = "roadmap-reader@ashgrove-analytics.iam.gserviceaccount.com";
    private const string AccessToken = "ya29.test-access-token";
    private const string ReportPath = "/v1beta/properties/123456789:runReport";

    /// <summary>Tuesday 10 March 2026, noon UTC: yesterday is the 9th and 90 days back is 10 December 2025.</summary>
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Report_pages_are_followed_by_offset_with_the_service_accounts_token()
    {
        await using var api = await Ga4Async(offset => offset switch
        {
            0 => Report(10, Row("20260301", "add_to_cart", "30"), Row("20260301", "begin_checkout", "12"), Row("20260301", "purchase", "5", "249.50"), Row("20260301", "session_start", "400")),
            4 => Report(10, Row("20260301", "view_item", "900"), Row("20260302", "add_to_cart", "25"), Row("20260302", "begin_checkout", "10"), Row("20260302", "purchase", "4", "199.89999999999998")),
            8 => Report(10, Row("20260302", "session_start", "350"), Row("20260302", "view_item", "800")),
            _ => throw new InvalidOperationException($"unexpected offset {offset}"),
        });
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock) { PageSize = 4 };

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), null);

        pages.Select(p => (p.Cursor, Dates: string.Join(",", p.FunnelDays.Select(d => d.Date.ToString("yyyy-MM-dd", null))))).Should().Equal(
            ("2026-03-01", "2026-03-01"),
            ("2026-03-02", "2026-03-02"));
        pages.SelectMany(p => p.FunnelDays).Select(d => d.Sessions).Should().Equal(400, 350);

        var reports = api.Requests.Where(r => r.PathAndQuery == ReportPath).ToList();
        reports.Should().HaveCount(3).And.OnlyContain(r => r.Method == "POST" && r.Header("Authorization") == $"Bearer {AccessToken}");
        reports.Select(r => Body(r).GetProperty("offset").GetString()).Should().Equal("0", "4", "8");
        reports.Should().OnlyContain(r => Body(r).GetProperty("limit").GetString() == "4");
        var first = Body(reports[0]);
        first.GetProperty("dateRanges").GetRawText().Should().Be("""[{"startDate":"2025-12-10","endDate":"yesterday"}]""");
        first.GetProperty("dimensions").GetRawText().Should().Be("""[{"name":"date"},{"name":"eventName"}]""");
        first.GetProperty("metrics").GetRawText().Should().Be("""[{"name":"eventCount"},{"name":"purchaseRevenue"}]""");
        first.GetProperty("dimensionFilter").GetRawText().Should().Be(
            """{"filter":{"fieldName":"eventName","inListFilter":{"values":["session_start","view_item","add_to_cart","begin_checkout","purchase"],"caseSensitive":true}}}""");
        first.GetProperty("currencyCode").GetString().Should().Be("USD");

        var token = api.Requests.Where(r => r.PathAndQuery == "/token").Should().ContainSingle("the token is reused for every page").Subject;
        var form = token.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        form["grant_type"].Should().Be("urn:ietf:params:oauth:grant-type:jwt-bearer");
        var claims = JwtClaims(form["assertion"]);
        claims.GetProperty("iss").GetString().Should().Be(ClientEmail);
        claims.GetProperty("scope").GetString().Should().Be("https://www.googleapis.com/auth/analytics.readonly");
        claims.GetProperty("aud").GetString().Should().Be("https://oauth2.googleapis.com/token", "Google.Apis.Auth always addresses the JWT to Google, wherever token_uri sends it");
    }

    [Fact]
    public async Task A_days_rows_become_one_funnel_day_mapped_exactly()
    {
        await using var api = await Ga4Async(_ => Report(
            6,
            Row("20260301", "add_to_cart", "30"),
            Row("20260301", "begin_checkout", "12"),
            Row("20260301", "purchase", "5", "199.89999999999998"),
            Row("20260301", "session_start", "400"),
            Row("20260301", "view_item", "900"),
            Row("20260302", "session_start", "7")));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api, ("currency", "gbp")), null);

        pages.Should().ContainSingle().Which.Cursor.Should().Be("2026-03-02");
        pages[0].FunnelDays.Should().BeEquivalentTo(new[]
        {
            new { SourceId = 0, Date = new DateOnly(2026, 3, 1), Segment = "", Sessions = 400L, ProductViews = 900L, AddToCart = 30L, CheckoutStarted = 12L, CheckoutCompleted = 5L, RevenueMinor = 19990L, Currency = "GBP" },
            new { SourceId = 0, Date = new DateOnly(2026, 3, 2), Segment = "", Sessions = 7L, ProductViews = 0L, AddToCart = 0L, CheckoutStarted = 0L, CheckoutCompleted = 0L, RevenueMinor = 0L, Currency = "GBP" },
        }, o => o.WithStrictOrdering());
        Body(api.Requests.Single(r => r.PathAndQuery == ReportPath)).GetProperty("currencyCode").GetString().Should().Be("GBP");
    }

    [Fact]
    public async Task A_saved_cursor_re_reads_the_last_three_days_and_never_moves_back()
    {
        await using var api = await Ga4Async(_ => Report(1, Row("20260305", "session_start", "12")));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), "2026-03-08");

        Body(api.Requests.Single(r => r.PathAndQuery == ReportPath)).GetProperty("dateRanges").GetRawText()
            .Should().Be("""[{"startDate":"2026-03-05","endDate":"yesterday"}]""");
        pages.Should().ContainSingle().Which.Cursor.Should().Be("2026-03-08");
    }

    [Fact]
    public async Task The_start_date_setting_sets_where_the_first_run_starts()
    {
        await using var api = await Ga4Async(_ => Report(0));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        await ShopifyConnectorTests.PullAllAsync(connector, Source(api, ("startDate", "2026-01-15")), null);

        Body(api.Requests.Single(r => r.PathAndQuery == ReportPath)).GetProperty("dateRanges").GetRawText()
            .Should().Be("""[{"startDate":"2026-01-15","endDate":"yesterday"}]""");
    }

    [Fact]
    public async Task A_start_date_with_no_finished_day_yet_is_moved_back_two_days_so_GA4_accepts_the_range()
    {
        await using var api = await Ga4Async(_ => Report(0));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        await ShopifyConnectorTests.PullAllAsync(connector, Source(api, ("startDate", "2026-03-10")), null);

        Body(api.Requests.Single(r => r.PathAndQuery == ReportPath)).GetProperty("dateRanges").GetRawText()
            .Should().Be("""[{"startDate":"2026-03-08","endDate":"yesterday"}]""");
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_then_the_page_is_read()
    {
        var calls = 0;
        await using var api = await Ga4Async(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await WriteJsonAsync(context, Report(1, Row("20260301", "session_start", "40")));
        });
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);
        var clock = Stopwatch.StartNew();

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.FunnelDays).Select(d => d.Sessions).Should().Equal(40);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));
        api.Requests.Count(r => r.PathAndQuery == ReportPath).Should().Be(2);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_then_the_page_is_read()
    {
        var calls = 0;
        await using var api = await Ga4Async(offset => Interlocked.Increment(ref calls) == 1 ? null : Report(1, Row("20260301", "session_start", "40")));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.FunnelDays).Select(d => d.Sessions).Should().Equal(40);
        api.Requests.Count(r => r.PathAndQuery == ReportPath).Should().Be(2);
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_the_run_with_a_ConnectorException()
    {
        await using var api = await Ga4Async(_ => null);
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var (pages, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, Source(api), null);

        pages.Should().BeEmpty();
        error!.Message.Should().Contain("GA4").And.Contain(ReportPath).And.Contain("500");
        api.Requests.Count(r => r.PathAndQuery == ReportPath).Should().Be(4, "the first try and three retries");
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_run_naming_GA4_and_the_address()
    {
        await using var api = await Ga4Async(_ => """{"rows":[{"dimensionValues":[""");
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("GA4").And.Contain(ReportPath).And.Contain("malformed JSON");
    }

    [Fact]
    public async Task A_property_with_no_events_in_the_range_yields_no_pages_and_no_error()
    {
        await using var api = await Ga4Async(_ => """{"dimensionHeaders":[{"name":"date"},{"name":"eventName"}],"metricHeaders":[{"name":"eventCount","type":"TYPE_INTEGER"},{"name":"purchaseRevenue","type":"TYPE_CURRENCY"}],"metadata":{"currencyCode":"USD","timeZone":"Europe/London"},"kind":"analyticsData#runReport"}""");
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), null);

        pages.Should().BeEmpty();
        api.Requests.Count(r => r.PathAndQuery == ReportPath).Should().Be(1);
    }

    [Fact]
    public async Task Days_with_a_bad_figure_are_rejected_with_the_field_and_reason_and_the_rest_are_kept()
    {
        await using var api = await Ga4Async(_ => Report(
            5,
            Row("20260301", "session_start", "-3"),
            Row("20260302", "session_start", "55"),
            Row("(other)", "session_start", "9"),
            Row("20260303", "add_to_cart", "many"),
            Row("20260304", "purchase", "2", "a lot")));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var pages = await ShopifyConnectorTests.PullAllAsync(connector, Source(api), null);

        pages.Should().ContainSingle();
        pages[0].FunnelDays.Select(d => (d.Date, d.Sessions)).Should().Equal((new DateOnly(2026, 3, 2), 55L));
        pages[0].Rejected.Should().BeEquivalentTo(new[]
        {
            new RejectedRecord("row 3", "date", "'(other)' is not a date written as YYYYMMDD."),
            new RejectedRecord("day 2026-03-01", "sessions", "Sessions cannot be negative."),
            new RejectedRecord("day 2026-03-03", "add_to_cart", "'many' is not a whole number of add_to_cart events."),
            new RejectedRecord("day 2026-03-04", "revenue", "'a lot' is not an amount."),
        }, o => o.WithStrictOrdering());
        pages[0].Cursor.Should().Be("2026-03-04");
    }

    [Fact]
    public async Task A_401_says_to_check_the_credentials_and_never_shows_the_token_or_key()
    {
        await using var api = await Ga4Async(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            await WriteJsonAsync(context, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""");
        });
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("GA4").And.Contain("401").And.Contain("Check the source's credentials")
            .And.NotContain(AccessToken).And.NotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task A_token_server_that_refuses_the_key_says_to_check_the_credentials()
    {
        await using var api = await FakeApi.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            await WriteJsonAsync(context, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
        });
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain(ClientEmail).And.Contain("invalid_grant: Invalid JWT Signature.").And.Contain("Check the source's credentials")
            .And.NotContain("PRIVATE KEY");
        api.Requests.Should().OnlyContain(r => r.PathAndQuery == "/token");
    }

    [Theory]
    [InlineData("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN", "is not valid JSON")]
    [InlineData("[\"service_account\"]", "is not a JSON object")]
    [InlineData("{\"type\": \"authorized_user\", \"client_id\": \"1\", \"client_secret\": \"s3cret\", \"refresh_token\": \"r\"}", "is a 'authorized_user' credential, not 'service_account'")]
    [InlineData("{\"type\": \"service_account\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}", "has no private_key")]
    [InlineData("{\"type\": \"service_account\", \"client_email\": \"a@b.iam.gserviceaccount.com\", \"private_key\": \"s3cret-not-a-key\"}", "private_key could not be read as a PEM private key")]
    public async Task A_secret_that_is_not_a_service_account_key_fails_clearly_without_repeating_it(string secret, string reason)
    {
        await using var api = await Ga4Async(_ => Report(0));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);
        var source = Source(api) with { Secret = secret };

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, source, null);

        error!.Message.Should().StartWith("Source 'Ashgrove GA4': the GA4 credentials must be a service account's JSON key file")
            .And.Contain(reason).And.NotContain("s3cret");
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_property_id_setting_is_required()
    {
        await using var api = await Ga4Async(_ => Report(0));
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);
        var source = new SourceConnection(2, "Ashgrove GA4", SourceKind.Ga4, ServiceAccountJson(api), new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString() });

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, source, null);

        error!.Message.Should().Be("Source 'Ashgrove GA4' needs the setting 'propertyId'.");
    }

    [Fact]
    public async Task Rows_without_column_headers_fail_naming_what_was_missing()
    {
        await using var api = await Ga4Async(_ => """{"rows":[{"dimensionValues":[{"value":"20260301"},{"value":"purchase"}],"metricValues":[{"value":"1"},{"value":"10"}]}],"rowCount":1}""");
        var connector = new Ga4Connector(FakeApi.CreateClient(), _clock);

        var (_, error) = await ShopifyConnectorTests.PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("GA4").And.Contain(ReportPath).And.Contain("dimensionHeaders naming 'date'");
    }

    private SourceConnection Source(FakeApi api, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString(), ["propertyId"] = "123456789" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SourceConnection(2, "Ashgrove GA4", SourceKind.Ga4, ServiceAccountJson(api), all);
    }

    /// <summary>A service-account key like the console's download, whose token_uri is the fake server.</summary>
    private string ServiceAccountJson(FakeApi api) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "ashgrove-analytics",
        ["private_key_id"] = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c",
        ["private_key"] = key.PrivateKeyPem,
        ["client_email"] = ClientEmail,
        ["client_id"] = "104729384756102938475",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = new Uri(api.BaseUrl, "token").ToString(),
        ["universe_domain"] = "googleapis.com",
    });

    /// <summary>A fake Google: the token endpoint answers every JWT grant; the test answers reports by offset (null for a 500).</summary>
    private static Task<FakeApi> Ga4Async(Func<long, string?> report) =>
        Ga4Async(async (context, request) =>
        {
            var offset = long.Parse(Body(request).GetProperty("offset").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            if (report(offset) is not { } body)
            {
                context.Response.StatusCode = 500;
                return;
            }

            await WriteJsonAsync(context, body);
        });

    private static Task<FakeApi> Ga4Async(Func<HttpContext, RecordedRequest, Task> report) =>
        FakeApi.StartAsync((context, request) => request.PathAndQuery == "/token"
            ? WriteJsonAsync(context, $$"""{"access_token":"{{AccessToken}}","expires_in":3599,"token_type":"Bearer"}""")
            : report(context, request));

    private static async Task WriteJsonAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static JsonElement Body(RecordedRequest request)
    {
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.Clone();
    }

    private static JsonElement JwtClaims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return document.RootElement.Clone();
    }

    private static string Row(string date, string eventName, string count, string revenue = "0") =>
        $$"""{"dimensionValues":[{"value":"{{date}}"},{"value":"{{eventName}}"}],"metricValues":[{"value":"{{count}}"},{"value":"{{revenue}}"}]}""";

    private static string Report(long rowCount, params string[] rows) =>
        $$"""
        {"dimensionHeaders":[{"name":"date"},{"name":"eventName"}],"metricHeaders":[{"name":"eventCount","type":"TYPE_INTEGER"},{"name":"purchaseRevenue","type":"TYPE_CURRENCY"}],"rows":[{{string.Join(",", rows)}}],"rowCount":{{rowCount}},"metadata":{"currencyCode":"USD","timeZone":"Europe/London"},"kind":"analyticsData#runReport"}
        """;
}

/// <summary>One service-account RSA key for the class, made once: generating a 2048-bit key is the slowest step here.</summary>
public sealed class ServiceAccountKey
{
    public ServiceAccountKey()
    {
        using var rsa = RSA.Create(2048);
        PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem();
    }

    public string PrivateKeyPem { get; }
}
