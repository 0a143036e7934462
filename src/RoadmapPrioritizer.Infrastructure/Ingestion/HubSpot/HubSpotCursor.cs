using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.HubSpot;

/// <summary>
/// Where a HubSpot pull resumes. A sweep is one search for submissions created at or after
/// <see cref="CreatedSince"/>, oldest first, paged with HubSpot's <see cref="After"/> token; <see cref="Newest"/>
/// is the latest creation time seen in the sweep and <see cref="Read"/> how many results the search has served
/// (HubSpot serves at most 10,000 per search, so a long sweep restarts from the last creation time it read).
/// </summary>
/// <param name="CreatedSince">Unix milliseconds, compared with <c>hs_createdate</c>; null for everything.</param>
internal sealed record HubSpotCursor(long? CreatedSince, string? After, long? Newest, int Read)
{
    /// <summary>
    /// HubSpot's search index trails writes by a few seconds, so a submission created just before a sweep ended can
    /// appear after it; each new sweep re-reads this much before the newest it saw (re-imports are recognised by id).
    /// </summary>
    public static readonly TimeSpan IndexLag = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static HubSpotCursor Start { get; } = new(null, null, null, 0);

    /// <summary>The next page of this search.</summary>
    public HubSpotCursor Next(string after, long? newest, int read) => this with { After = after, Newest = newest, Read = read };

    /// <summary>A new search starting at <paramref name="since"/>, when this one has served all HubSpot allows.</summary>
    public static HubSpotCursor Restart(long since, long? newest) => new(since, null, newest, 0);

    /// <summary>The sweep is over: the next one asks only for submissions created since the newest seen (less the index lag).</summary>
    public HubSpotCursor Finished(long? newest)
    {
        var since = newest is { } seen ? seen - (long)IndexLag.TotalMilliseconds : CreatedSince;
        if (since is { } lagged && CreatedSince is { } before)
        {
            since = Math.Max(lagged, before);
        }

        return new(since, null, null, 0);
    }

    public static HubSpotCursor Parse(string? text, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Start;
        }

        try
        {
            return JsonSerializer.Deserialize<HubSpotCursor>(text, Json) ?? Start;
        }
        catch (JsonException error)
        {
            throw new ConnectorException($"Source '{sourceName}' has a saved HubSpot position that cannot be read; clear it to pull from the start.", error);
        }
    }

    public override string ToString() => JsonSerializer.Serialize(this, Json);
}
