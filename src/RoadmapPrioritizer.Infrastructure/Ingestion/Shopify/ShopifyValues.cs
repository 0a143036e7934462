using System.Globalization;
using System.Text.Json;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// How Shopify writes ids, times and amounts, read the same way for the GraphQL connector and the
/// REST webhook, so an order imported both ways has the same id and the same customer hash.
/// </summary>
internal static class ShopifyValues
{
    /// <summary>
    /// The numeric id: GraphQL global ids ("gid://shopify/Order/450789469") end in the id that REST
    /// and webhooks use (https://shopify.dev/docs/api/usage/gids).
    /// </summary>
    public static string? LegacyId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var trimmed = id.Trim();
        if (!trimmed.StartsWith("gid://", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var path = trimmed.Split('?')[0];
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.Length == 0 ? null : last;
    }

    /// <summary>An id written as a JSON number (REST: 450789469) or string (GraphQL), as text; numbers keep every digit.</summary>
    public static string? IdText(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        }
        : null;

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An amount written as a string ("186.90", as Shopify sends money) or a bare number.</summary>
    public static string? AmountText(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        }
        : null;

    /// <summary>A whole number that fits an int; null when absent, not a number, fractional or too large.</summary>
    public static int? WholeNumber(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    public static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>ISO 8601 with an offset ("2025-01-23T23:10:15-05:00", "2025-01-24T04:10:15Z") as UTC.</summary>
    public static DateTime? UtcTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.UtcDateTime : null;

    /// <summary>The form Shopify's search syntax takes in <c>created_at:&gt;='...'</c> filters.</summary>
    public static string SearchTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
