using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Webhooks;

public enum WebhookStatus
{
    Stored,
    UnknownSource,
    Unsigned,
    Paused,
    Invalid,
}

public sealed record WebhookOutcome(WebhookStatus Status, StoreCounts Counts, IReadOnlyList<EvidenceError> Errors)
{
    public static WebhookOutcome Refused(WebhookStatus status, params EvidenceError[] errors) => new(status, default, errors);
}

/// <summary>
/// Receives signed deliveries: nothing is read, let alone stored, before the signature over the raw
/// body checks out; a delivery received again (senders retry) is recognised by its id and stores nothing new.
/// </summary>
public sealed class WebhookService(RoadmapDbContext db, SourceService sources, TimeProvider time)
{
    public Task<WebhookOutcome> ReceiveSurveyAsync(int sourceId, byte[] body, string? signature, CancellationToken cancellationToken) =>
        ReceiveAsync(sourceId, body, secret => WebhookSignature.VerifyRoadmap(body, secret, signature), page =>
        {
            var (response, errors) = SurveyWebhookPayload.Parse(body);
            if (response is not null)
            {
                page.SurveyResponses.Add(response);
            }

            return errors;
        }, cancellationToken);

    /// <summary>Shopify's <c>orders/create</c>; other topics are acknowledged and ignored, so Shopify does not retry them.</summary>
    public Task<WebhookOutcome> ReceiveShopifyAsync(int sourceId, byte[] body, string? signature, string? topic, CancellationToken cancellationToken) =>
        ReceiveAsync(sourceId, body, secret => WebhookSignature.VerifyShopify(body, secret, signature), page =>
        {
            if (!string.Equals(topic, "orders/create", StringComparison.OrdinalIgnoreCase))
            {
                return [];
            }

            var result = ShopifyOrderPayload.Parse(System.Text.Encoding.UTF8.GetString(body));
            if (result.Order is not null)
            {
                page.Orders.Add(result.Order);
            }

            return result.Errors;
        }, cancellationToken);

    private async Task<WebhookOutcome> ReceiveAsync(int sourceId, byte[] body, Func<string, bool> verify, Func<EvidencePage, IReadOnlyList<EvidenceError>> parse, CancellationToken cancellationToken)
    {
        var source = await sources.ConnectAsync(sourceId, cancellationToken);
        if (source is null || source.Kind is not (SourceKind.Webhook or SourceKind.Shopify))
        {
            return WebhookOutcome.Refused(WebhookStatus.UnknownSource);
        }

        if (source.Secret is null || !verify(source.Secret))
        {
            return WebhookOutcome.Refused(WebhookStatus.Unsigned);
        }

        if (await db.EvidenceSources.FindAsync([sourceId], cancellationToken) is { Enabled: false })
        {
            return WebhookOutcome.Refused(WebhookStatus.Paused);
        }

        var page = new EvidencePage();
        var errors = parse(page);
        if (errors.Count > 0)
        {
            return WebhookOutcome.Refused(WebhookStatus.Invalid, [.. errors]);
        }

        var run = ImportRun.Start(sourceId, RunTrigger.Webhook, actor: null, time.GetUtcNow().UtcDateTime);
        var counts = await new EvidenceStore(db).SavePageAsync(sourceId, page, cancellationToken);
        run.Count(counts.Added, counts.AlreadyPresent, 0, progress: null);
        run.Succeed(time.GetUtcNow().UtcDateTime);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookOutcome(WebhookStatus.Stored, counts, []);
    }
}
