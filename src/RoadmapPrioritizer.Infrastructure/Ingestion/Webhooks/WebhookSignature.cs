using System.Security.Cryptography;
using System.Text;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Webhooks;

/// <summary>HMAC-SHA256 signatures over the raw body, compared in constant time.</summary>
public static class WebhookSignature
{
    public const string RoadmapHeader = "X-Roadmap-Signature";
    public const string ShopifyHeader = "X-Shopify-Hmac-Sha256";

    /// <summary>Ours: <c>sha256=</c> and the lower- or upper-case hex HMAC of the body with the source's secret.</summary>
    public static string Roadmap(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Shopify's: the base64 HMAC-SHA256 of the body with the app's client secret (shopify.dev, "Verify webhooks").</summary>
    public static string Shopify(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool VerifyRoadmap(ReadOnlySpan<byte> body, string secret, string? header) =>
        header is not null && FixedTimeEquals(Roadmap(body, secret), header.Trim().ToLowerInvariant());

    public static bool VerifyShopify(ReadOnlySpan<byte> body, string secret, string? header) =>
        header is not null && FixedTimeEquals(Shopify(body, secret), header.Trim());

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
