using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

public abstract class WebhookTests<TApp>(TApp app) : IClassFixture<TApp>, IDisposable
    where TApp : AppFixture
{
    private const string Secret = "whsec_test_0123456789";

    private const string Survey = """{"id": "resp-1", "surveyType": "ExitIntent", "submittedAt": "2026-11-02T14:30:00Z", "reason": "Shipping cost too high", "text": "Postage is more than the mug"}""";

    private const string ShopifyOrder = """
        {"id": 820982911946154508, "name": "#9999", "created_at": "2026-11-02T09:15:00-05:00", "currency": "GBP",
         "total_price": "45.50", "customer": {"id": 115310627314723954, "email": "ann@example.com"},
         "line_items": [{"quantity": 2}, {"quantity": 1}]}
        """;

    private readonly HttpClient _anonymous = new() { BaseAddress = app.BaseAddress };

    [Fact]
    public async Task A_signed_survey_response_is_stored_once_however_often_it_is_delivered()
    {
        var source = await CreateSourceAsync();

        var first = await PostSurveyAsync(source, Survey, Sign(Survey));
        var replay = await PostSurveyAsync(source, Survey, Sign(Survey));

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.ReadJsonAsync())["added"]!.GetValue<int>().Should().Be(1);
        (await replay.ReadJsonAsync())["alreadyPresent"]!.GetValue<int>().Should().Be(1);
        await using var db = Db();
        var stored = await db.SurveyResponses.SingleAsync(r => r.SourceId == source);
        (stored.ExternalId, stored.Reason, stored.SubmittedAt).Should().Be(("resp-1", "Shipping cost too high", new DateTime(2026, 11, 2, 14, 30, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=00")]
    [InlineData("wrong-secret")]
    public async Task An_unsigned_or_wrongly_signed_delivery_is_401_and_stores_nothing(string? signature)
    {
        var source = await CreateSourceAsync();
        var header = signature == "wrong-secret" ? "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("not the secret"u8, Encoding.UTF8.GetBytes(Survey))) : signature;

        var response = await PostSurveyAsync(source, Survey, header);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var db = Db();
        (await db.SurveyResponses.CountAsync(r => r.SourceId == source)).Should().Be(0);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var source = await CreateSourceAsync();

        var response = await PostSurveyAsync(source, Survey.Replace("Shipping", "Sharing", StringComparison.Ordinal), Sign(Survey));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_but_invalid_response_is_a_400_naming_the_fields()
    {
        var source = await CreateSourceAsync();
        const string Body = """{"id": "r2", "surveyType": "Poll", "submittedAt": "yesterday", "score": "ten"}""";

        var response = await PostSurveyAsync(source, Body, Sign(Body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key);
        errors.Should().BeEquivalentTo("surveyType", "submittedAt", "score");
    }

    [Fact]
    public async Task A_Shopify_order_with_a_valid_HMAC_is_stored_and_a_replay_adds_nothing()
    {
        var source = await CreateSourceAsync();

        var first = await PostShopifyAsync(source, ShopifyOrder, ShopifySign(ShopifyOrder));
        var replay = await PostShopifyAsync(source, ShopifyOrder, ShopifySign(ShopifyOrder));

        (await first.ReadJsonAsync())["added"]!.GetValue<int>().Should().Be(1);
        (await replay.ReadJsonAsync())["alreadyPresent"]!.GetValue<int>().Should().Be(1);
        await using var db = Db();
        var order = await db.Orders.SingleAsync(o => o.SourceId == source);
        (order.ExternalId, order.TotalMinor, order.Currency, order.ItemCount, order.CreatedAt)
            .Should().Be(("820982911946154508", 4550L, "GBP", 3, new DateTime(2026, 11, 2, 14, 15, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task A_Shopify_delivery_signed_with_another_secret_is_401()
    {
        var source = await CreateSourceAsync();
        var forged = Convert.ToBase64String(HMACSHA256.HashData("shpss_someone_else"u8, Encoding.UTF8.GetBytes(ShopifyOrder)));

        var response = await PostShopifyAsync(source, ShopifyOrder, forged);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var db = Db();
        (await db.Orders.CountAsync(o => o.SourceId == source)).Should().Be(0);
    }

    [Fact]
    public async Task Deliveries_to_an_unknown_or_paused_source_are_refused()
    {
        var source = await CreateSourceAsync();
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SourceService>().PauseAsync(source, CancellationToken.None);
        }

        (await PostSurveyAsync(987654, Survey, Sign(Survey))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await PostSurveyAsync(source, Survey, Sign(Survey))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    public void Dispose()
    {
        _anonymous.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Sign(string body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private static string ShopifySign(string body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private async Task<HttpResponseMessage> PostSurveyAsync(int source, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/surveys/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Roadmap-Signature", signature);
        }

        return await _anonymous.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostShopifyAsync(int source, string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/shopify/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature);
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        return await _anonymous.SendAsync(request);
    }

    private async Task<int> CreateSourceAsync()
    {
        using var scope = app.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<SourceService>()
            .CreateAsync(new SourceInput("Webhook", "hook-" + Guid.NewGuid().ToString("N")[..8], null, Secret, null), CancellationToken.None);
        return outcome.Value!.Id;
    }

    private RoadmapDbContext Db() => app.Services.CreateScope().ServiceProvider.GetRequiredService<RoadmapDbContext>();
}

public sealed class WebhookTests_Sqlite(SqliteApp app) : WebhookTests<SqliteApp>(app);

public sealed class WebhookTests_Postgres(PostgresApp app) : WebhookTests<PostgresApp>(app);
