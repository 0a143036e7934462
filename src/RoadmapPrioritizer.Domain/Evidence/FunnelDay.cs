namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>
/// One day of the shop's funnel from one source, for the whole shop (empty segment) or one segment
/// or device. Importing the same day and segment again replaces its counts.
/// </summary>
public sealed class FunnelDay
{
    public const int SegmentMaxLength = 100;

    public long Id { get; private set; }

    public int SourceId { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Empty for the whole shop.</summary>
    public string Segment { get; init; } = string.Empty;

    public long Sessions { get; init; }

    public long ProductViews { get; init; }

    public long AddToCart { get; init; }

    public long CheckoutStarted { get; init; }

    /// <summary>Checkouts completed, i.e. purchases.</summary>
    public long CheckoutCompleted { get; init; }

    public long RevenueMinor { get; init; }

    public string Currency { get; init; } = Money.DefaultCurrency;

    public IReadOnlyList<EvidenceError> Validate()
    {
        var errors = new List<EvidenceError>();
        EvidenceRules.MaxLength(errors, "segment", Segment, SegmentMaxLength);
        EvidenceRules.NotNegative(errors, "sessions", Sessions);
        EvidenceRules.NotNegative(errors, "product_views", ProductViews);
        EvidenceRules.NotNegative(errors, "add_to_cart", AddToCart);
        EvidenceRules.NotNegative(errors, "checkout_started", CheckoutStarted);
        EvidenceRules.NotNegative(errors, "checkout_completed", CheckoutCompleted);
        EvidenceRules.NotNegative(errors, "revenue", RevenueMinor);
        EvidenceRules.Currency(errors, "currency", Currency);
        return errors;
    }
}
