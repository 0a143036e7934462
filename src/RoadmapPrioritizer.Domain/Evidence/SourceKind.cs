namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>Where a source's evidence comes from: a pull connector, a webhook, or uploaded files.</summary>
public enum SourceKind
{
    Csv,
    Zigpoll,
    Shopify,
    Ga4,
    HubSpot,
    Webhook,
}
