using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.HubSpot;

/// <summary>
/// Pulls HubSpot survey responses (CRM feedback submissions: NPS, CSAT, CES and custom surveys); each page of the
/// search becomes one evidence page.
/// <para>
/// Sources: https://developers.hubspot.com/docs/api/crm/feedback-submissions (object, read-only, property names),
/// https://developers.hubspot.com/docs/api/crm/search (search body, <c>paging.next.after</c>, at most 10,000 results
/// per search). The list endpoint <c>GET /crm/v3/objects/feedback_submissions</c> cannot filter by creation time,
/// so every sweep uses <c>POST /crm/v3/objects/feedback_submissions/search</c> with <c>hs_createdate GTE</c>, sorted
/// oldest first, 100 a page, with <c>Authorization: Bearer {private app token}</c> (the app needs the scope
/// <c>crm.objects.feedback_submissions.read</c> or <c>crm.objects.contacts.read</c>). Default root https://api.hubapi.com.
/// </para>
/// <para>
/// Mapping: id → external id; <c>hs_survey_type</c> NPS/CSAT/CES (anything else is Custom); <c>hs_response_value</c>
/// (or <c>hs_value</c>, which some portals fill instead) → score, as HubSpot records it (NPS 0-10, CSAT 0-2,
/// CES 1-7); <c>hs_content</c> → text; <c>hs_survey_id</c> → survey; <c>hs_survey_name</c> (else
/// <c>hs_submission_name</c>) → question; <c>hs_survey_channel</c> → tags; <c>hs_submission_url</c> → page;
/// <c>hs_submission_timestamp</c> (else <c>createdAt</c>) → submitted at; <c>hs_contact_email_rollup</c> (else
/// <c>hs_contact_id</c>) → customer hash. The cursor is a <see cref="HubSpotCursor"/>.
/// </para>
/// </summary>
public sealed class HubSpotConnector(HttpClient http, TimeProvider time) : IConnector
{
    public const string DefaultBaseUrl = "https://api.hubapi.com";

    /// <summary>HubSpot serves at most this many results for one search, however it is paged.</summary>
    public const int SearchWindow = 10_000;

    private const string Service = "HubSpot";
    private const int PageSize = 100;
    private const string SearchPath = "crm/v3/objects/feedback_submissions/search";

    private static readonly string[] Properties =
    [
        "hs_survey_id", "hs_survey_name", "hs_survey_type", "hs_survey_channel", "hs_submission_name",
        "hs_response_value", "hs_value", "hs_content", "hs_submission_timestamp", "hs_submission_url",
        "hs_createdate", "hs_contact_id", "hs_contact_email_rollup",
    ];

    public SourceKind Kind => SourceKind.HubSpot;

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = source.RequiredSecret();
        var address = new Uri(source.BaseUrl(DefaultBaseUrl), SearchPath);
        var position = HubSpotCursor.Parse(cursor, source.Name);
        while (true)
        {
            var result = await SearchAsync(address, token, position, cancellationToken);
            if (result is null)
            {
                // An empty page ends the pull; one reached mid-sweep still closes the sweep.
                if (position.After is not null)
                {
                    yield return new EvidencePage { Cursor = position.Finished(position.Newest).ToString() };
                }

                yield break;
            }

            var newest = Max(position.Newest, result.Newest);
            var read = position.Read + result.Count;
            HubSpotCursor? next = null;
            if (result.After is { } after && after != position.After)
            {
                next = read + PageSize <= SearchWindow ? position.Next(after, newest, read)
                    : result.Newest is { } last && last != position.CreatedSince ? HubSpotCursor.Restart(last, newest)
                    : throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(address)} serves at most {SearchWindow:N0} results for one search, and the pull found no later creation time to start the next search from.");
            }
            else if (result.After is not null)
            {
                throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(address)} sent the same paging token twice; the pull stopped rather than loop.");
            }

            var page = new EvidencePage { Cursor = (next ?? position.Finished(newest)).ToString() };
            page.SurveyResponses.AddRange(result.Responses);
            page.Rejected.AddRange(result.Rejected);
            yield return page;

            if (next is null)
            {
                yield break;
            }

            position = next;
        }
    }

    private async Task<PageResult?> SearchAsync(Uri address, string token, HubSpotCursor position, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new StringContent(SearchBody(position).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        using var json = await ReadJsonAsync(response, token, cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(address)} answered without a 'results' array of feedback submissions.");
        }

        if (results.GetArrayLength() == 0)
        {
            return null;
        }

        var result = new PageResult();
        var index = 0;
        foreach (var item in results.EnumerateArray())
        {
            Map(item, ++index, result);
        }

        result.Newest = result.Newest is { } seen ? Math.Min(seen, time.GetUtcNow().ToUnixTimeMilliseconds()) : null;
        result.After = root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object
            && paging.TryGetProperty("next", out var nextPage) ? Json.Text(nextPage, "after") : null;
        return result;
    }

    private static JsonObject SearchBody(HubSpotCursor position)
    {
        var filters = new JsonArray();
        if (position.CreatedSince is { } since)
        {
            filters.Add(new JsonObject
            {
                ["filters"] = new JsonArray(new JsonObject
                {
                    ["propertyName"] = "hs_createdate",
                    ["operator"] = "GTE",
                    ["value"] = since.ToString(CultureInfo.InvariantCulture),
                }),
            });
        }

        var body = new JsonObject
        {
            ["filterGroups"] = filters,
            ["sorts"] = new JsonArray(new JsonObject { ["propertyName"] = "hs_createdate", ["direction"] = "ASCENDING" }),
            ["properties"] = new JsonArray([.. Properties.Select(name => JsonValue.Create(name))]),
            ["limit"] = PageSize,
        };
        if (position.After is { } after)
        {
            body["after"] = after;
        }

        return body;
    }

    private static void Map(JsonElement item, int index, PageResult result)
    {
        result.Count++;
        var id = Json.Text(item, "id");
        if (id is null)
        {
            result.Rejected.Add(new($"response #{index} of the page", "id", "The submission has no id, so a second import could not recognise it."));
            return;
        }

        var position = $"response {id}";
        var properties = item.TryGetProperty("properties", out var found) && found.ValueKind == JsonValueKind.Object ? found : default;
        var createdAt = Json.Time(item, "createdAt") ?? Json.Time(properties, "hs_createdate");
        if (createdAt is { } created)
        {
            // A submission we cannot keep was still seen: the next sweep need not ask for it again.
            result.Newest = Max(result.Newest, new DateTimeOffset(created).ToUnixTimeMilliseconds());
        }

        if ((Json.Time(properties, "hs_submission_timestamp") ?? createdAt) is not { } submittedAt)
        {
            result.Rejected.Add(new(position, "hs_submission_timestamp", "The submission has no readable submission or creation time."));
            return;
        }

        double? score = null;
        if ((Json.Text(properties, "hs_response_value") ?? Json.Text(properties, "hs_value")) is { } value)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                result.Rejected.Add(new(position, "hs_response_value", $"'{Shorten(value)}' is not a number."));
                return;
            }

            score = number;
        }

        var response = new SurveyResponse
        {
            ExternalId = id,
            SurveyId = Json.Text(properties, "hs_survey_id"),
            SurveyType = Json.Text(properties, "hs_survey_type")?.ToUpperInvariant() switch
            {
                "NPS" => SurveyType.NPS,
                "CSAT" => SurveyType.CSAT,
                "CES" => SurveyType.CES,
                _ => SurveyType.Custom,
            },
            SubmittedAt = submittedAt,
            Question = Json.Text(properties, "hs_survey_name") ?? Json.Text(properties, "hs_submission_name"),
            Text = Json.Text(properties, "hs_content"),
            Score = score,
            CustomerHash = CustomerHash.Of(Json.Text(properties, "hs_contact_email_rollup") ?? Json.Text(properties, "hs_contact_id")),
            Page = PagePath(Json.Text(properties, "hs_submission_url")),
            Tags = Json.Text(properties, "hs_survey_channel"),
        };

        var errors = response.Validate();
        if (errors.Count > 0)
        {
            result.Rejected.AddRange(errors.Select(e => new RejectedRecord(position, e.Field, e.Message)));
            return;
        }

        result.Responses.Add(response);
    }

    /// <summary>The body as JSON; a service that echoes the token in an error body does not get it onto the jobs page.</summary>
    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await HttpResponses.ReadJsonAsync(response, Service, cancellationToken);
        }
        catch (ConnectorException error) when (error.Message.Contains(token, StringComparison.Ordinal))
        {
            var message = error.Message.Replace(token, "[token]", StringComparison.Ordinal);
            throw error.InnerException is { } inner ? new ConnectorException(message, inner) : new ConnectorException(message);
        }
    }

    /// <summary>The page without its query or fragment, which can carry e-mail addresses and tokens.</summary>
    private static string? PagePath(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Path)
            : url.Split('?', '#')[0];
        return path.Length <= SurveyResponse.PageMaxLength ? path : path[..SurveyResponse.PageMaxLength];
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private sealed class PageResult
    {
        public List<SurveyResponse> Responses { get; } = [];

        public List<RejectedRecord> Rejected { get; } = [];

        /// <summary>Results on the page, kept or not: they count towards the search's 10,000.</summary>
        public int Count { get; set; }

        /// <summary>Unix milliseconds of the latest creation time on the page, never later than now.</summary>
        public long? Newest { get; set; }

        public string? After { get; set; }
    }

    private static class Json
    {
        public static string? Text(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }

        /// <summary>HubSpot writes times as ISO 8601 or, in some properties, as Unix milliseconds.</summary>
        public static DateTime? Time(JsonElement element, string name)
        {
            var text = Text(element, name);
            if (text is null)
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return milliseconds is >= -62_135_596_800_000 and <= 253_402_300_799_999
                    ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime
                    : null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;
        }
    }
}
