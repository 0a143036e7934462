namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>A checkout that was started and not completed (Shopify's abandoned checkouts).</summary>
public sealed class AbandonedCheckout
{
    public long Id { get; private set; }

    public int SourceId { get; init; }

    public required string ExternalId { get; init; }

    public string? CustomerHash { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required long TotalMinor { get; init; }

    public required string Currency { get; init; }

    public required int ItemCount { get; init; }

    public IReadOnlyList<EvidenceError> Validate()
    {
        var errors = new List<EvidenceError>();
        EvidenceRules.ExternalId(errors, "checkout_id", ExternalId);
        EvidenceRules.Utc(errors, "created_at", CreatedAt);
        EvidenceRules.NotNegative(errors, "total", TotalMinor);
        EvidenceRules.Currency(errors, "currency", Currency);
        EvidenceRules.NotNegative(errors, "items", ItemCount);
        return errors;
    }
}
