using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class ShopifyConnectorTests
{
    private const string Token = "shpat_0123456789abcdef";

    private const string PlentyOfBudget = """
        {"cost":{"requestedQueryCost":52,"actualQueryCost":12,"throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":1988.0,"restoreRate":100.0}}}
        """;

    [Fact]
    public async Task Orders_then_abandoned_checkouts_are_pulled_page_by_page_following_each_end_cursor()
    {
        await using var api = await ShopifyAsync(request => (request.Field, request.After) switch
        {
            ("orders", null) => Page("orders", "o-page-1", OrderNode("5001", "2026-03-02T09:15:00Z", "10.00"), OrderNode("5002", "2026-03-02T10:00:00Z", "20.00")),
            ("orders", "o-page-1") => Page("orders", null, OrderNode("5003", "2026-03-03T08:00:00Z", "30.00")),
            ("abandonedCheckouts", null) => Page("abandonedCheckouts", "c-page-1", CheckoutNode("9001", "2026-03-02T11:00:00Z", "15.00")),
            ("abandonedCheckouts", "c-page-1") => Page("abandonedCheckouts", null, CheckoutNode("9002", "2026-03-04T12:30:00Z", "25.00")),
            _ => throw new InvalidOperationException($"unexpected {request.Field} after {request.After}"),
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays()) { OrdersPageSize = 2, CheckoutsPageSize = 1 };

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.Select(p => p.Orders.Select(o => o.ExternalId)).Should().BeEquivalentTo(
            new string[][] { ["5001", "5002"], ["5003"], [], [] }, o => o.WithStrictOrdering());
        pages.Select(p => p.AbandonedCheckouts.Select(c => c.ExternalId)).Should().BeEquivalentTo(
            new string[][] { [], [], ["9001"], ["9002"] }, o => o.WithStrictOrdering());
        pages.Select(p => p.Cursor).Should().Equal(
            """{"orders":{"createdAt":"2026-03-02T10:00:00Z","id":"5002"}}""",
            """{"orders":{"createdAt":"2026-03-03T08:00:00Z","id":"5003"}}""",
            """{"orders":{"createdAt":"2026-03-03T08:00:00Z","id":"5003"},"checkouts":{"createdAt":"2026-03-02T11:00:00Z","id":"9001"}}""",
            """{"orders":{"createdAt":"2026-03-03T08:00:00Z","id":"5003"},"checkouts":{"createdAt":"2026-03-04T12:30:00Z","id":"9002"}}""");

        var requests = api.Requests.ToList();
        requests.Should().HaveCount(4).And.OnlyContain(r =>
            r.Method == "POST" && r.PathAndQuery == "/admin/api/2025-07/graphql.json" && r.Header("X-Shopify-Access-Token") == Token);
        requests.Select(ShopifyRequest.Read).Select(r => (r.Field, r.First, r.After, r.Search)).Should().Equal(
            ("orders", 2, null, null),
            ("orders", 2, "o-page-1", null),
            ("abandonedCheckouts", 1, null, null),
            ("abandonedCheckouts", 1, "c-page-1", null));
        requests.Select(ShopifyRequest.Read).Should().OnlyContain(r => r.Query.Contains("sortKey: CREATED_AT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Orders_and_checkouts_are_mapped_exactly_with_times_in_UTC_and_customers_hashed()
    {
        await using var api = await ShopifyAsync(request => request.Field == "orders"
            ? Page("orders", null,
                """{"id":"gid://shopify/Order/5001","name":"#1001","createdAt":"2026-03-02T10:15:00+01:00","subtotalLineItemsQuantity":3,"totalPriceSet":{"shopMoney":{"amount":"59.90","currencyCode":"GBP"}},"customer":{"id":"gid://shopify/Customer/7001"}}""",
                """{"id":"gid://shopify/Order/5002","name":"#1002","createdAt":"2026-03-02T23:59:59Z","subtotalLineItemsQuantity":1,"totalPriceSet":{"shopMoney":{"amount":"1200","currencyCode":"JPY"}},"customer":null}""")
            : Page("abandonedCheckouts", null,
                """{"id":"gid://shopify/AbandonedCheckout/9001","name":"#9001","createdAt":"2026-03-01T08:00:00-05:00","totalPriceSet":{"shopMoney":{"amount":"42.5","currencyCode":"USD"}},"customer":{"id":"gid://shopify/Customer/7002"},"lineItems":{"nodes":[{"quantity":2},{"quantity":1}]}}"""));
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var pages = await PullAllAsync(connector, Source(api), null);

        var orders = pages.SelectMany(p => p.Orders).ToList();
        orders.Should().BeEquivalentTo(new[]
        {
            new { ExternalId = "5001", SourceId = 0, CustomerHash = (string?)"931a4ddcbb47a6b7f558cd19c1405582", CreatedAt = new DateTime(2026, 3, 2, 9, 15, 0, DateTimeKind.Utc), TotalMinor = 5990L, Currency = "GBP", ItemCount = 3 },
            new { ExternalId = "5002", SourceId = 0, CustomerHash = (string?)null, CreatedAt = new DateTime(2026, 3, 2, 23, 59, 59, DateTimeKind.Utc), TotalMinor = 1200L, Currency = "JPY", ItemCount = 1 },
        }, o => o.WithStrictOrdering());
        orders.Should().OnlyContain(o => o.CreatedAt.Kind == DateTimeKind.Utc);
        pages.SelectMany(p => p.AbandonedCheckouts).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { ExternalId = "9001", SourceId = 0, CustomerHash = "2378926a9bcc79f385034655e9f4e102", CreatedAt = new DateTime(2026, 3, 1, 13, 0, 0, DateTimeKind.Utc), TotalMinor = 4250L, Currency = "USD", ItemCount = 3 });
        pages.SelectMany(p => p.Rejected).Should().BeEmpty();
    }

    [Fact]
    public async Task A_saved_cursor_resumes_each_stream_after_its_last_stored_record()
    {
        await using var api = await ShopifyAsync(request => request.Field == "orders"
            ? Page("orders", null, OrderNode("5002", "2026-03-02T10:00:00Z", "20.00"), OrderNode("5003", "2026-03-02T10:00:00Z", "30.00"))
            : Page("abandonedCheckouts", null, CheckoutNode("9001", "2026-03-02T11:00:00Z", "15.00"), CheckoutNode("9002", "2026-03-05T07:00:00Z", "25.00")));
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());
        const string saved = """{"orders":{"createdAt":"2026-03-02T10:00:00Z","id":"5002"},"checkouts":{"createdAt":"2026-03-02T11:00:00Z","id":"9001"}}""";

        var pages = await PullAllAsync(connector, Source(api), saved);

        api.Requests.Select(ShopifyRequest.Read).Select(r => (r.Field, r.Search)).Should().Equal(
            ("orders", "created_at:>='2026-03-02T10:00:00Z'"),
            ("abandonedCheckouts", "created_at:>='2026-03-02T11:00:00Z'"));
        pages.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5003");
        pages.SelectMany(p => p.AbandonedCheckouts).Select(c => c.ExternalId).Should().Equal("9002");
        pages[^1].Cursor.Should().Be("""{"orders":{"createdAt":"2026-03-02T10:00:00Z","id":"5003"},"checkouts":{"createdAt":"2026-03-05T07:00:00Z","id":"9002"}}""");
    }

    [Fact]
    public async Task The_start_date_setting_limits_the_first_run()
    {
        await using var api = await ShopifyAsync(request => Page(request.Field, null));
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        await PullAllAsync(connector, Source(api, ("startDate", "2026-01-31")), null);

        api.Requests.Select(ShopifyRequest.Read).Select(r => r.Search).Should().Equal("created_at:>='2026-01-31T00:00:00Z'", "created_at:>='2026-01-31T00:00:00Z'");
    }

    [Fact]
    public async Task A_run_that_fails_on_a_later_page_resumes_after_the_last_good_page()
    {
        var failing = true;
        await using var api = await ShopifyAsync(request => (request.Field, request.After) switch
        {
            ("orders", null) when request.Search is null => Page("orders", "o-page-1", OrderNode("5001", "2026-03-02T09:15:00Z", "10.00")),
            ("orders", "o-page-1") when failing => null,
            ("orders", null) => Page("orders", null, OrderNode("5001", "2026-03-02T09:15:00Z", "10.00"), OrderNode("5002", "2026-03-02T09:20:00Z", "20.00")),
            _ => Page(request.Field, null),
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays()) { OrdersPageSize = 1 };

        var (firstRun, error) = await PullUntilErrorAsync(connector, Source(api), null);
        failing = false;
        var secondRun = await PullAllAsync(connector, Source(api), firstRun[^1].Cursor);

        error.Should().NotBeNull();
        firstRun.Should().ContainSingle().Which.Orders.Select(o => o.ExternalId).Should().Equal("5001");
        secondRun.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5002");
        ShopifyRequest.Read(api.Requests.Last(r => ShopifyRequest.Read(r).Field == "orders")).Search.Should().Be("created_at:>='2026-03-02T09:15:00Z'");
    }

    [Fact]
    public async Task A_throttled_query_waits_for_the_budget_and_retries_the_same_page()
    {
        var calls = 0;
        await using var api = await ShopifyAsync(request =>
        {
            if (request.Field == "orders" && Interlocked.Increment(ref calls) == 1)
            {
                return """
                    {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED","documentation":"https://shopify.dev/api/usage/limits"}}],
                     "extensions":{"cost":{"requestedQueryCost":402,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":2.0,"restoreRate":100.0}}}}
                    """;
            }

            return request.Field == "orders" ? Page("orders", null, OrderNode("5001", "2026-03-02T09:15:00Z", "10.00")) : Page(request.Field, null);
        });
        var clock = new InstantDelays();
        var connector = new ShopifyConnector(FakeApi.CreateClient(), clock);

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5001");
        api.Requests.Select(ShopifyRequest.Read).Select(r => (r.Field, r.After)).Should().Equal(("orders", null), ("orders", null), ("abandonedCheckouts", null));
        clock.Delays.Should().Equal(TimeSpan.FromSeconds(4)); // (402 - 2) points at 100 a second
    }

    [Fact]
    public async Task A_budget_too_low_for_the_next_page_makes_the_connector_wait_before_asking()
    {
        await using var api = await ShopifyAsync(request => request.Field == "orders"
            ? PageWithCost("orders", null, """{"cost":{"requestedQueryCost":402,"actualQueryCost":302,"throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":202.0,"restoreRate":50.0}}}""", OrderNode("5001", "2026-03-02T09:15:00Z", "10.00"))
            : Page(request.Field, null));
        var clock = new InstantDelays();
        var connector = new ShopifyConnector(FakeApi.CreateClient(), clock);

        await PullAllAsync(connector, Source(api), null);

        clock.Delays.Should().Equal(TimeSpan.FromSeconds(4)); // (402 - 202) points at 50 a second, before the checkouts query
        api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Throttling_that_never_ends_fails_the_run_with_a_clear_message()
    {
        await using var api = await ShopifyAsync(_ => """{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}]}""");
        var clock = new InstantDelays();
        var connector = new ShopifyConnector(FakeApi.CreateClient(), clock);

        var (pages, error) = await PullUntilErrorAsync(connector, Source(api), null);

        pages.Should().BeEmpty();
        error!.Message.Should().Contain("Shopify").And.Contain("/admin/api/2025-07/graphql.json").And.Contain("throttling");
        api.Requests.Should().HaveCount(6);
        clock.Delays.Should().Equal(Enumerable.Repeat(TimeSpan.FromSeconds(1), 5));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_then_the_page_is_read()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, request) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await WriteJsonAsync(context, ShopifyRequest.Read(request).Field == "orders" ? Page("orders", null, OrderNode("5001", "2026-03-02T09:15:00Z", "10.00")) : Page("abandonedCheckouts", null));
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());
        var clock = Stopwatch.StartNew();

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5001");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));
        api.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_then_the_page_is_read()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, request) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 500;
                return;
            }

            await WriteJsonAsync(context, ShopifyRequest.Read(request).Field == "orders" ? Page("orders", null, OrderNode("5001", "2026-03-02T09:15:00Z", "10.00")) : Page("abandonedCheckouts", null));
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5001");
        api.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_the_run_with_a_ConnectorException()
    {
        await using var api = await FakeApi.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var (pages, error) = await PullUntilErrorAsync(connector, Source(api), null);

        pages.Should().BeEmpty();
        error!.Message.Should().Contain("Shopify").And.Contain("/admin/api/2025-07/graphql.json").And.Contain("502");
        api.Requests.Should().HaveCount(4, "the first try and three retries");
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_run_naming_Shopify_and_the_address()
    {
        await using var api = await ShopifyAsync(_ => """{"data":{"orders":{"nodes":[""");
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var (_, error) = await PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("Shopify").And.Contain("/admin/api/2025-07/graphql.json").And.Contain("malformed JSON");
    }

    [Fact]
    public async Task A_shop_with_no_orders_and_no_abandoned_checkouts_yields_no_pages_and_no_error()
    {
        await using var api = await ShopifyAsync(request => Page(request.Field, null));
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.Should().BeEmpty();
        api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Records_with_a_bad_field_are_rejected_with_the_field_and_reason_and_the_rest_are_kept()
    {
        await using var api = await ShopifyAsync(request => request.Field == "orders"
            ? Page("orders", null,
                OrderNode("5001", "2026-03-02T09:15:00Z", "10.00"),
                OrderNode("5002", "2026-03-02T09:16:00Z", "-4.00"),
                OrderNode("5003", "2026-03-02T09:17:00Z", "12.00", currency: "POUNDS"),
                """{"id":null,"name":"#1004","createdAt":"2026-03-02T09:18:00Z","subtotalLineItemsQuantity":1,"totalPriceSet":{"shopMoney":{"amount":"5.00","currencyCode":"GBP"}},"customer":null}""",
                OrderNode("5005", "2026-03-02T09:19:00Z", "12.345"),
                """{"id":"gid://shopify/Order/5007","name":"#5007","createdAt":"2026-03-02T09:19:30Z","subtotalLineItemsQuantity":"3","totalPriceSet":{"shopMoney":{"amount":"5.00","currencyCode":"GBP"}},"customer":null}""",
                OrderNode("5006", "2026-03-02T09:20:00Z", "30.00"))
            : Page("abandonedCheckouts", null, CheckoutNode("9001", "2026-03-02T11:00:00Z", "-1.00")));
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var pages = await PullAllAsync(connector, Source(api), null);

        pages.SelectMany(p => p.Orders).Select(o => o.ExternalId).Should().Equal("5001", "5006");
        pages.SelectMany(p => p.Rejected).Should().BeEquivalentTo(new[]
        {
            new RejectedRecord("order 5002", "total", "Total cannot be negative."),
            new RejectedRecord("order 5003", "currency", "Currency must be a three-letter ISO 4217 code such as GBP."),
            new RejectedRecord("order #1004", "order_id", "id is missing; it is how a second import of the same record is recognised."),
            new RejectedRecord("order 5005", "total", "12.345 has more decimals than GBP allows."),
            new RejectedRecord("order 5007", "items", "subtotalLineItemsQuantity is missing or not a whole number, so the number of items is unknown."),
            new RejectedRecord("checkout 9001", "total", "Total cannot be negative."),
        }, o => o.WithStrictOrdering());
        pages[0].Cursor.Should().Be("""{"orders":{"createdAt":"2026-03-02T09:20:00Z","id":"5006"}}""");
    }

    [Fact]
    public async Task A_401_says_to_check_the_credentials_and_never_shows_the_token()
    {
        await using var api = await FakeApi.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 401;
            await WriteJsonAsync(context, """{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}""");
        });
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var (_, error) = await PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("Shopify").And.Contain("401").And.Contain("Check the source's credentials").And.NotContain(Token);
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Any_other_GraphQL_error_fails_the_run_with_Shopifys_message()
    {
        await using var api = await ShopifyAsync(request => request.Field == "orders"
            ? Page("orders", null, OrderNode("5001", "2026-03-02T09:15:00Z", "10.00"))
            : """{"errors":[{"message":"Access denied for abandonedCheckouts field.","extensions":{"code":"ACCESS_DENIED"}}],"data":null}""");
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var (pages, error) = await PullUntilErrorAsync(connector, Source(api), null);

        pages.Should().ContainSingle("the orders page was read before the checkouts query failed");
        error!.Message.Should().Contain("Shopify").And.Contain("Access denied for abandonedCheckouts field. (ACCESS_DENIED)");
        api.Requests.Should().HaveCount(2, "only throttling is retried");
    }

    [Fact]
    public async Task An_answer_without_the_orders_connection_fails_naming_what_was_missing()
    {
        await using var api = await ShopifyAsync(_ => $$$"""{"data":{"shop":{}},"extensions":{{{PlentyOfBudget}}}}""");
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());

        var (_, error) = await PullUntilErrorAsync(connector, Source(api), null);

        error!.Message.Should().Contain("Shopify").And.Contain("/admin/api/2025-07/graphql.json").And.Contain("data.orders");
    }

    [Fact]
    public async Task The_shop_setting_is_required_when_no_base_url_is_given()
    {
        var connector = new ShopifyConnector(FakeApi.CreateClient(), new InstantDelays());
        var source = new SourceConnection(1, "Ashgrove", SourceKind.Shopify, Token, new Dictionary<string, string>());

        var (_, error) = await PullUntilErrorAsync(connector, source, null);

        error!.Message.Should().Be("Source 'Ashgrove' needs the setting 'shop'.");
    }

    internal static SourceConnection Source(FakeApi api, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString(), ["shop"] = "ashgrove.myshopify.com" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SourceConnection(1, "Ashgrove Shopify", SourceKind.Shopify, Token, all);
    }

    internal static async Task<List<EvidencePage>> PullAllAsync(IConnector connector, SourceConnection source, string? cursor)
    {
        var pages = new List<EvidencePage>();
        await foreach (var page in connector.PullAsync(source, cursor, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }

    internal static async Task<(List<EvidencePage> Pages, ConnectorException? Error)> PullUntilErrorAsync(IConnector connector, SourceConnection source, string? cursor)
    {
        var pages = new List<EvidencePage>();
        try
        {
            await foreach (var page in connector.PullAsync(source, cursor, CancellationToken.None))
            {
                pages.Add(page);
            }
        }
        catch (ConnectorException error)
        {
            return (pages, error);
        }

        return (pages, null);
    }

    /// <summary>A fake shop: the test answers each GraphQL request with a body, or null for a 500.</summary>
    private static Task<FakeApi> ShopifyAsync(Func<ShopifyRequest, string?> answer) =>
        FakeApi.StartAsync(async (context, request) =>
        {
            if (answer(ShopifyRequest.Read(request)) is not { } body)
            {
                context.Response.StatusCode = 500;
                return;
            }

            await WriteJsonAsync(context, body);
        });

    private static async Task WriteJsonAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static string Page(string field, string? endCursor, params string[] nodes) =>
        PageWithCost(field, endCursor, PlentyOfBudget, nodes);

    private static string PageWithCost(string field, string? endCursor, string extensions, params string[] nodes)
    {
        var hasNextPage = endCursor is null ? "false" : "true";
        var cursor = endCursor is null ? "null" : $"\"{endCursor}\"";
        return $$$"""
            {"data":{"{{{field}}}":{"pageInfo":{"hasNextPage":{{{hasNextPage}}},"endCursor":{{{cursor}}}},"nodes":[{{{string.Join(",", nodes)}}}]}},"extensions":{{{extensions}}}}
            """;
    }

    private static string OrderNode(string id, string createdAt, string amount, string currency = "GBP") =>
        $$$"""{"id":"gid://shopify/Order/{{{id}}}","name":"#{{{id}}}","createdAt":"{{{createdAt}}}","subtotalLineItemsQuantity":1,"totalPriceSet":{"shopMoney":{"amount":"{{{amount}}}","currencyCode":"{{{currency}}}"}},"customer":{"id":"gid://shopify/Customer/7001"}}""";

    private static string CheckoutNode(string id, string createdAt, string amount) =>
        $$$"""{"id":"gid://shopify/AbandonedCheckout/{{{id}}}","name":"#{{{id}}}","createdAt":"{{{createdAt}}}","totalPriceSet":{"shopMoney":{"amount":"{{{amount}}}","currencyCode":"GBP"}},"customer":null,"lineItems":{"nodes":[{"quantity":1}]}}""";

    /// <summary>What a GraphQL request asked for: which connection, how many, after which cursor, with which search.</summary>
    private sealed record ShopifyRequest(string Field, string Query, int First, string? After, string? Search)
    {
        public static ShopifyRequest Read(RecordedRequest request)
        {
            using var body = JsonDocument.Parse(request.Body);
            var query = body.RootElement.GetProperty("query").GetString()!;
            var variables = body.RootElement.GetProperty("variables");
            return new ShopifyRequest(
                query.Contains("abandonedCheckouts(", StringComparison.Ordinal) ? "abandonedCheckouts" : "orders",
                query,
                variables.GetProperty("first").GetInt32(),
                variables.GetProperty("after").GetString(),
                variables.GetProperty("query").GetString());
        }
    }
}

/// <summary>A clock that stands still and ends every delay at once, remembering how long each one was asked to be.</summary>
public sealed class InstantDelays : TimeProvider
{
    private readonly DateTimeOffset _now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
