namespace RoadmapPrioritizer.Domain.Roadmap;

public enum Horizon
{
    /// <summary>3-6 months.</summary>
    Short,

    /// <summary>6-12 months.</summary>
    Mid,

    /// <summary>1-3 years.</summary>
    Long,
}

public enum FunnelArea
{
    Discovery,
    ProductPage,
    Cart,
    Checkout,
    PostPurchase,
    RetentionLoyalty,
    Operations,
}

public enum InitiativeStatus
{
    Idea,
    Planned,
    InProgress,
    Shipped,
    Measured,
    Parked,
}

/// <summary>Words people read for the roadmap's enums.</summary>
public static class RoadmapLabels
{
    public static string Label(this Horizon horizon) => horizon switch
    {
        Horizon.Short => "Short term",
        Horizon.Mid => "Mid term",
        Horizon.Long => "Long term",
        _ => horizon.ToString(),
    };

    public static string Span(this Horizon horizon) => horizon switch
    {
        Horizon.Short => "3-6 months",
        Horizon.Mid => "6-12 months",
        Horizon.Long => "1-3 years",
        _ => string.Empty,
    };

    public static string Label(this FunnelArea area) => area switch
    {
        FunnelArea.Discovery => "Discovery",
        FunnelArea.ProductPage => "Product page",
        FunnelArea.Cart => "Cart",
        FunnelArea.Checkout => "Checkout",
        FunnelArea.PostPurchase => "Post-purchase",
        FunnelArea.RetentionLoyalty => "Retention & loyalty",
        FunnelArea.Operations => "Operations",
        _ => area.ToString(),
    };

    public static string Label(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    /// <summary>Only work still to be done competes for a rank; shipped, measured and parked work does not.</summary>
    public static bool IsRanked(this InitiativeStatus status) =>
        status is InitiativeStatus.Idea or InitiativeStatus.Planned or InitiativeStatus.InProgress;
}
