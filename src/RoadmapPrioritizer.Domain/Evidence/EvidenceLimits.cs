namespace RoadmapPrioritizer.Domain.Evidence;

public static class EvidenceLimits
{
    /// <summary>Ids from Shopify (gid://shopify/Order/…), HubSpot and Zigpoll fit comfortably.</summary>
    public const int ExternalIdMaxLength = 200;

    public const int CurrencyLength = 3;
}
