using RoadmapPrioritizer.Infrastructure.Ingestion.Webhooks;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>
/// Signed deliveries from survey tools and Shopify. Anonymous by necessity (the sender has no account);
/// the HMAC signature over the raw body with the source's secret is the authentication.
/// </summary>
internal static class WebhookEndpoints
{
    /// <summary>Shopify's orders are a few KB; a survey response less. Anything larger is not a delivery.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").AllowAnonymous().DisableAntiforgery();
        group.MapPost("/surveys/{sourceId:int}", async (int sourceId, HttpRequest request, WebhookService webhooks, CancellationToken ct) =>
            await ReadAsync(request, ct) is { } body
                ? Result(await webhooks.ReceiveSurveyAsync(sourceId, body, request.Headers[WebhookSignature.RoadmapHeader], ct))
                : TooLarge());
        group.MapPost("/shopify/{sourceId:int}", async (int sourceId, HttpRequest request, WebhookService webhooks, CancellationToken ct) =>
            await ReadAsync(request, ct) is { } body
                ? Result(await webhooks.ReceiveShopifyAsync(sourceId, body, request.Headers[WebhookSignature.ShopifyHeader], request.Headers["X-Shopify-Topic"], ct))
                : TooLarge());
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Result(WebhookOutcome outcome) => outcome.Status switch
    {
        WebhookStatus.Stored => TypedResults.Ok(new { added = outcome.Counts.Added, alreadyPresent = outcome.Counts.AlreadyPresent }),
        WebhookStatus.UnknownSource => TypedResults.Problem("No webhook source has this id.", statusCode: StatusCodes.Status404NotFound),
        WebhookStatus.Unsigned => TypedResults.Problem("The signature is missing or does not match the body; nothing was stored.", statusCode: StatusCodes.Status401Unauthorized),

        // 503 makes senders (Shopify retries for 48 hours) deliver again once the source is resumed.
        WebhookStatus.Paused => TypedResults.Problem("The source is paused; deliver again later.", statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => TypedResults.ValidationProblem(outcome.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A delivery is at most {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
