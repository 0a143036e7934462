namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>A placed order: enough for average order value, customer lifetime value and repeat purchase rate.</summary>
public sealed class Order
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
        EvidenceRules.ExternalId(errors, "order_id", ExternalId);
        EvidenceRules.Utc(errors, "created_at", CreatedAt);
        EvidenceRules.NotNegative(errors, "total", TotalMinor);
        EvidenceRules.Currency(errors, "currency", Currency);
        EvidenceRules.NotNegative(errors, "items", ItemCount);
        return errors;
    }
}
