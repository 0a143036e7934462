using System.Text.Json;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Zigpoll;

/// <summary>
/// Where a Zigpoll pull resumes. A sweep asks for every response created after <see cref="CreatedAfter"/>
/// and walks Zigpoll's pages with <see cref="StartCursor"/>; <see cref="Newest"/> is the latest creation
/// time seen so far in the sweep. When the sweep ends, the next one starts after <see cref="Newest"/>.
/// Zigpoll's own page cursor only walks one query, so it cannot alone say "what is new since last time".
/// </summary>
/// <param name="CreatedAfter">Unix milliseconds, as Zigpoll's <c>createdAfter</c> takes them; null for everything.</param>
internal sealed record ZigpollCursor(long? CreatedAfter, string? StartCursor, long? Newest)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static ZigpollCursor Start { get; } = new(null, null, null);

    /// <summary>The next page of this sweep, remembering the newest response seen so far.</summary>
    public ZigpollCursor Next(string startCursor, long? newest) => this with { StartCursor = startCursor, Newest = newest };

    /// <summary>The sweep is over: the next one asks only for responses created after the newest seen.</summary>
    public ZigpollCursor Finished(long? newest) => new(newest ?? CreatedAfter, null, null);

    public static ZigpollCursor Parse(string? text, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Start;
        }

        try
        {
            return JsonSerializer.Deserialize<ZigpollCursor>(text, Json) ?? Start;
        }
        catch (JsonException error)
        {
            throw new ConnectorException($"Source '{sourceName}' has a saved Zigpoll position that cannot be read; clear it to pull from the start.", error);
        }
    }

    public override string ToString() => JsonSerializer.Serialize(this, Json);
}
