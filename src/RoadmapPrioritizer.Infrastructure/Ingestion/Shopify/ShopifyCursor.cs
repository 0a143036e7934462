using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// Where each stream stopped: the creation time and id of the newest order, and of the newest
/// abandoned checkout, that a stored page held. Stored as
/// <c>{"orders":{"createdAt":"2026-03-02T09:15:00Z","id":"5001"},"checkouts":{...}}</c>.
/// <para>
/// The next run asks each stream for <c>created_at:&gt;='createdAt'</c> sorted by creation time and
/// skips the record with the stored id, so it starts right after the last stored page. Records from the
/// same second that were not stored yet are read again, never lost; a record read twice is recognised by
/// its id when it is written. Shopify's own <c>endCursor</c> is used only within a run: it is valid
/// only with the exact query that produced it, while a time and an id stay meaningful whatever the
/// query or API version of the next run.
/// </para>
/// </summary>
internal sealed record ShopifyCursor(StreamPosition? Orders, StreamPosition? Checkouts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ShopifyCursor Parse(string? cursor, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return new ShopifyCursor(null, null);
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<ShopifyCursor>(cursor, Json);
            if (parsed is not null && Valid(parsed.Orders) && Valid(parsed.Checkouts))
            {
                return parsed with
                {
                    Orders = parsed.Orders?.AsUtc(),
                    Checkouts = parsed.Checkouts?.AsUtc(),
                };
            }
        }
        catch (JsonException)
        {
        }

        throw new ConnectorException($"Source '{sourceName}' has a saved position this Shopify connector cannot read; clear it to import from the start again.");
    }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    private static bool Valid(StreamPosition? position) => position is null || !string.IsNullOrWhiteSpace(position.Id);
}

/// <summary>The newest record of one stream that a stored page held.</summary>
internal sealed record StreamPosition(DateTime CreatedAt, string Id)
{
    public StreamPosition AsUtc() => this with { CreatedAt = DateTime.SpecifyKind(CreatedAt.ToUniversalTime(), DateTimeKind.Utc) };
}
