using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Tests.Api;

/// <summary>
/// GET /api/evidence/* over real HTTP. The evidence sits in the first week of October 2026, with one
/// record just before and one just after it; every call names its dates.
/// </summary>
public abstract class EvidenceApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    private const string Week = "from=2026-10-01&to=2026-10-07";

    [Fact]
    public async Task SurveyResponses_ArePagedNewestFirst_WithinTheDatesIncluded()
    {
        await EvidenceSeed.EnsureAsync(app);

        var first = await GetAsync($"/api/evidence/survey-responses?{Week}&pageSize=3");
        var last = await GetAsync($"/api/evidence/survey-responses?{Week}&pageSize=3&page=3");
        var beyond = await GetAsync($"/api/evidence/survey-responses?{Week}&pageSize=3&page=4");
        var all = await GetAsync("/api/evidence/survey-responses?from=2026-09-01&to=2026-10-31&pageSize=500");

        // r1..r7 (one a day at noon) and s1 (3 Oct, 15:00) = 8; r0 (30 Sep, 23:59:59) and r8 (8 Oct, 00:00) are outside.
        first["total"]!.GetValue<int>().Should().Be(8);
        (first["page"]!.GetValue<int>(), first["pageSize"]!.GetValue<int>()).Should().Be((1, 3));
        Ids(first).Should().Equal("r7", "r6", "r5");
        Ids(last).Should().Equal("r2", "r1");
        Ids(beyond).Should().BeEmpty();
        Ids(all).Should().Equal("r8", "r7", "r6", "r5", "r4", "s1", "r3", "r2", "r1", "r0");
    }

    [Fact]
    public async Task SurveyResponses_BySource_ShowEveryFieldButTheCustomerHash()
    {
        await EvidenceSeed.EnsureAsync(app);

        var page = await GetAsync($"/api/evidence/survey-responses?{Week}&source=survey-tool");
        var byType = await GetAsync($"/api/evidence/survey-responses?{Week}&surveyType=post-purchase");

        page["total"]!.GetValue<int>().Should().Be(1);
        var item = page["items"]![0]!.AsObject();
        item["id"]!.GetValue<long>().Should().BePositive();
        item["source"]!.GetValue<string>().Should().Be("survey-tool");
        item["externalId"]!.GetValue<string>().Should().Be("s1");
        item["surveyType"]!.GetValue<string>().Should().Be("PostPurchase");
        item["submittedAt"]!.GetValue<string>().Should().Be("2026-10-03T15:00:00Z");
        item["question"]!.GetValue<string>().Should().Be("How did you hear about us?");
        item["reason"]!.GetValue<string>().Should().Be("Instagram");
        item["text"]!.GetValue<string>().Should().Be("Saw the glaze video");
        item["score"]!.GetValue<double>().Should().Be(80);
        item["orderValue"]!.GetValue<decimal>().Should().Be(12.50m);
        item["currency"]!.GetValue<string>().Should().Be("GBP");
        item["page"]!.GetValue<string>().Should().Be("/thank-you");
        item["tags"]!.GetValue<string>().Should().Be("social,video");
        item.Select(p => p.Key).Should().NotContain(k => k.Contains("customer", StringComparison.OrdinalIgnoreCase));
        Ids(byType).Should().Equal("s1");
    }

    [Fact]
    public async Task Funnel_IsOneRowPerDay_SummedOverSources_RevenueInCurrencyUnits()
    {
        await EvidenceSeed.EnsureAsync(app);

        var days = (await GetAsync($"/api/evidence/funnel?{Week}")).AsArray();
        var shopOnly = (await GetAsync($"/api/evidence/funnel?{Week}&source=shop")).AsArray();

        // 1 Oct: shop 400 sessions ... £1,234.50; 2 Oct: shop 300 + analytics 200 = 500 sessions, £99.99 + £0.01 = £100.00.
        // 30 Sep and 8 Oct are outside.
        days.Select(d => d!["date"]!.GetValue<string>()).Should().Equal("2026-10-01", "2026-10-02");
        var day = days[0]!;
        (day["sessions"]!.GetValue<long>(), day["productViews"]!.GetValue<long>(), day["addToCart"]!.GetValue<long>(),
            day["checkoutStarted"]!.GetValue<long>(), day["checkoutCompleted"]!.GetValue<long>()).Should().Be((400, 200, 40, 20, 10));
        day["revenue"]!.GetValue<decimal>().Should().Be(1234.50m);
        day["currency"]!.GetValue<string>().Should().Be("GBP");
        days[1]!["sessions"]!.GetValue<long>().Should().Be(500);
        days[1]!["revenue"]!.GetValue<decimal>().Should().Be(100.00m);
        days[1]!["revenueByCurrency"]!.AsArray().Should().ContainSingle();
        shopOnly[1]!["sessions"]!.GetValue<long>().Should().Be(300);
    }

    [Fact]
    public async Task Orders_ArePagedNewestFirst()
    {
        await EvidenceSeed.EnsureAsync(app);

        var first = await GetAsync($"/api/evidence/orders?{Week}&pageSize=2");
        var second = await GetAsync($"/api/evidence/orders?{Week}&pageSize=2&page=2");

        // #1001 (1 Oct), #1002 (4 Oct), #1003 (7 Oct 23:59:59); #1000 (30 Sep) is outside.
        first["total"]!.GetValue<int>().Should().Be(3);
        first["items"]!.AsArray().Select(o => o!["orderId"]!.GetValue<string>()).Should().Equal("#1003", "#1002");
        second["items"]!.AsArray().Select(o => o!["orderId"]!.GetValue<string>()).Should().Equal("#1001");
        var order = first["items"]![0]!.AsObject();
        order["source"]!.GetValue<string>().Should().Be("shop");
        order["createdAt"]!.GetValue<string>().Should().Be("2026-10-07T23:59:59Z");
        order["total"]!.GetValue<decimal>().Should().Be(64.00m);
        order["currency"]!.GetValue<string>().Should().Be("GBP");
        order["items"]!.GetValue<int>().Should().Be(3);
        order.Select(p => p.Key).Should().NotContain(k => k.Contains("customer", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("survey-responses?from=2026-10-08&to=2026-10-01", "from")]
    [InlineData("survey-responses?from=yesterday", "from")]
    [InlineData("survey-responses?to=2026-02-30", "to")]
    [InlineData("survey-responses?from=2026-10-01T10:00:00Z", "from")]
    [InlineData("survey-responses?pageSize=501", "pageSize")]
    [InlineData("survey-responses?pageSize=0", "pageSize")]
    [InlineData("survey-responses?page=0", "page")]
    [InlineData("survey-responses?page=two", "page")]
    [InlineData("survey-responses?surveyType=Poll", "surveyType")]
    [InlineData("funnel?from=2026-10-08&to=2026-10-01", "from")]
    [InlineData("funnel?to=10/01/2026", "to")]
    [InlineData("orders?from=2026-13-01", "from")]
    [InlineData("orders?pageSize=1000", "pageSize")]
    [InlineData("orders?page=-1", "page")]
    public async Task BadQuery_Is400ProblemNamingTheField(string query, string field)
    {
        var response = await app.Client.GetAsync($"/api/evidence/{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Equal(field);
    }

    [Theory]
    [InlineData("survey-responses")]
    [InlineData("funnel")]
    [InlineData("orders")]
    public async Task Anonymous_Is401(string endpoint)
    {
        using var anonymous = app.CreateClient(token: null);

        var response = await anonymous.GetAsync($"/api/evidence/{endpoint}?{Week}");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Executive_CanRead()
    {
        await EvidenceSeed.EnsureAsync(app);
        var (_, token) = await app.CreateUserAsync("Executive");
        using var executive = app.CreateClient(token);

        var response = await executive.GetAsync($"/api/evidence/funnel?{Week}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).AsArray().Should().HaveCount(2);
    }

    private async Task<JsonNode> GetAsync(string url)
    {
        var response = await app.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["externalId"]!.GetValue<string>()).ToList();
}

public sealed class EvidenceApiTests_Sqlite(SqliteApp app) : EvidenceApiTests<SqliteApp>(app);

public sealed class EvidenceApiTests_Postgres(PostgresApp app) : EvidenceApiTests<PostgresApp>(app);

/// <summary>The evidence of the API tests, stored once per app through the real evidence store.</summary>
internal static class EvidenceSeed
{
    public static async Task EnsureAsync(AppFixture app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        if (await db.EvidenceSources.AnyAsync(s => s.Name == "shop"))
        {
            return;
        }

        var now = new DateTime(2026, 10, 10, 0, 0, 0, DateTimeKind.Utc);
        var (shop, tool, analytics) = (EvidenceSource.Create(SourceKind.Shopify, "shop", null, "{}", null, now), EvidenceSource.Create(SourceKind.Csv, "survey-tool", null, "{}", null, now), EvidenceSource.Create(SourceKind.Ga4, "analytics", null, "{}", null, now));
        db.EvidenceSources.AddRange(shop, tool, analytics);
        await db.SaveChangesAsync();

        var store = new EvidenceStore(db);
        await store.SaveAsync(shop.Id, Enumerable.Range(0, 9).Select(i => new SurveyResponse
        {
            ExternalId = $"r{i}",
            SurveyType = SurveyType.ExitIntent,
            SubmittedAt = i switch
            {
                0 => At(9, 30, 23, 59, 59),
                8 => At(10, 8, 0),
                _ => At(10, i, 12),
            },
            Reason = "Shipping cost too high",
            CustomerHash = CustomerHash.Of($"shopper{i}@example.com"),
        }), CancellationToken.None);
        await store.SaveAsync(tool.Id,
        [
            new SurveyResponse
            {
                ExternalId = "s1",
                SurveyType = SurveyType.PostPurchase,
                SubmittedAt = At(10, 3, 15),
                Question = "How did you hear about us?",
                Reason = "Instagram",
                Text = "Saw the glaze video",
                Score = 80,
                OrderValueMinor = 1250,
                Currency = "GBP",
                CustomerHash = CustomerHash.Of("ann@example.com"),
                Page = "/thank-you",
                Tags = "social,video",
            },
        ], CancellationToken.None);
        await store.SaveAsync(shop.Id,
        [
            Funnel(At(9, 30, 0), 999, 99_900),
            new FunnelDay { Date = new(2026, 10, 1), Sessions = 400, ProductViews = 200, AddToCart = 40, CheckoutStarted = 20, CheckoutCompleted = 10, RevenueMinor = 123_450, Currency = "GBP" },
            Funnel(At(10, 2, 0), 300, 9_999),
            Funnel(At(10, 8, 0), 999, 99_900),
        ], CancellationToken.None);
        await store.SaveAsync(analytics.Id, [Funnel(At(10, 2, 0), 200, 1)], CancellationToken.None);
        await store.SaveAsync(shop.Id,
        [
            Order("#1000", At(9, 30, 23, 59, 59), 1_000, 1),
            Order("#1001", At(10, 1, 0), 4_500, 2),
            Order("#1002", At(10, 4, 9), 2_000, 1),
            Order("#1003", At(10, 7, 23, 59, 59), 6_400, 3),
        ], CancellationToken.None);
    }

    private static DateTime At(int month, int day, int hour, int minute = 0, int second = 0) => new(2026, month, day, hour, minute, second, DateTimeKind.Utc);

    private static FunnelDay Funnel(DateTime day, long sessions, long revenueMinor) =>
        new() { Date = DateOnly.FromDateTime(day), Sessions = sessions, RevenueMinor = revenueMinor, Currency = "GBP" };

    private static Order Order(string id, DateTime at, long totalMinor, int items) =>
        new() { ExternalId = id, CreatedAt = at, TotalMinor = totalMinor, Currency = "GBP", ItemCount = items, CustomerHash = CustomerHash.Of(id) };
}
