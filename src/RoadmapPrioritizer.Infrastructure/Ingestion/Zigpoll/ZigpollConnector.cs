using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Zigpoll;

/// <summary>
/// Pulls survey responses from Zigpoll: each page of <c>GET /responses</c> becomes one evidence page.
/// <para>
/// Documented (https://apidocs.zigpoll.com/reference/cursor-pagination, and the OpenAPI description at
/// https://github.com/JasonZigelbaum/zigpoll-mcp-plugin/blob/main/openapi-gpt.yaml): root https://v1.zigpoll.com;
/// the private API key goes in <c>Authorization</c> as is, with no scheme;
/// <c>GET /responses?accountId=|pollId=&amp;limit=&amp;startCursor=&amp;createdAfter=</c> (createdAfter in Unix
/// milliseconds) answers <c>{ data: [response], hasNextPage, endCursor }</c>; a response has <c>_id, createdAt,
/// pollId, slideId, participantId, orderValue, metadata, response, valueType</c>; <c>GET /slides?pollId=</c>
/// lists a poll's slides (its questions) with <c>_id, title, type</c>.
/// </para>
/// <para>
/// Assumed, because the docs do not say: <c>createdAt</c> is ISO 8601 (Unix milliseconds are read too);
/// <c>id</c> may stand in for <c>_id</c>; <c>/slides</c> answers a bare array or <c>{ data: [...] }</c>; slide
/// titles may hold HTML; slide types name NPS ("nps"), ratings ("rating", "range", "scale", "star", "slider"),
/// choices ("vote", "checkbox", "dropdown", "choice", "select") and e-mail capture ("email"), and any other
/// type is free text; response metadata carries the page as <c>url</c> (or <c>pageUrl</c>, <c>page_url</c>),
/// the respondent's <c>email</c> and the order's <c>currency</c>.
/// </para>
/// <para>
/// Settings: <c>accountId</c> and/or <c>pollId</c> (at least one), <c>surveyType</c> (what answers to non-NPS
/// slides count as, such as ExitIntent or PostPurchase; Custom when unset; NPS slides are always NPS),
/// <c>currency</c> (of order values whose metadata names none; USD when unset), <c>baseUrl</c>.
/// The cursor is a <see cref="ZigpollCursor"/>.
/// </para>
/// </summary>
public sealed partial class ZigpollConnector(HttpClient http, TimeProvider time) : IConnector
{
    public const string DefaultBaseUrl = "https://v1.zigpoll.com";

    private const string Service = "Zigpoll";
    private const int PageSize = 100;

    public SourceKind Kind => SourceKind.Zigpoll;

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var run = new Run(source);
        var position = ZigpollCursor.Parse(cursor, source.Name);
        while (true)
        {
            var result = await ReadPageAsync(run, position, cancellationToken);
            if (result is null)
            {
                // An empty page ends the pull; one reached mid-sweep still closes the sweep.
                if (position.StartCursor is not null)
                {
                    yield return new EvidencePage { Cursor = position.Finished(position.Newest).ToString() };
                }

                yield break;
            }

            var newest = Max(position.Newest, result.Newest);
            var more = result.NextCursor is not null;
            if (more && result.NextCursor == position.StartCursor)
            {
                throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(result.Address)} sent the same page cursor twice; the pull stopped rather than loop.");
            }

            var next = more ? position.Next(result.NextCursor!, newest) : position.Finished(newest);
            var page = new EvidencePage { Cursor = next.ToString() };
            page.SurveyResponses.AddRange(result.Responses);
            page.Rejected.AddRange(result.Rejected);
            yield return page;

            if (!more)
            {
                yield break;
            }

            position = next;
        }
    }

    private async Task<PageResult?> ReadPageAsync(Run run, ZigpollCursor position, CancellationToken cancellationToken)
    {
        var address = run.ResponsesUri(position);
        using var json = await GetJsonAsync(address, run.Key, cancellationToken);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(address)} answered without a 'data' array of responses.");
        }

        if (data.GetArrayLength() == 0)
        {
            return null;
        }

        foreach (var pollId in data.EnumerateArray().Select(item => Json.Text(item, "pollId")).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!run.Slides.ContainsKey(pollId))
            {
                run.Slides[pollId] = await GetSlidesAsync(run, pollId, cancellationToken);
            }
        }

        var result = new PageResult(address);
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            Map(run, item, ++index, result);
        }

        var hasNextPage = root.TryGetProperty("hasNextPage", out var flag) && flag.ValueKind == JsonValueKind.True;
        result.NextCursor = hasNextPage ? Json.Text(root, "endCursor") : null;
        result.Newest = result.Newest is { } seen ? Math.Min(seen, time.GetUtcNow().ToUnixTimeMilliseconds()) : null;
        return result;
    }

    private static void Map(Run run, JsonElement item, int index, PageResult result)
    {
        var id = Json.Text(item, "_id") ?? Json.Text(item, "id");
        if (id is null)
        {
            result.Rejected.Add(new($"response #{index} of the page", "_id", "The response has no id, so a second import could not recognise it."));
            return;
        }

        var position = $"response {id}";
        if (Json.Time(item, "createdAt") is not { } createdAt)
        {
            result.Rejected.Add(new(position, "createdAt", "The response has no readable creation time."));
            return;
        }

        // A response we cannot keep was still seen: the next sweep need not ask for it again.
        result.Newest = Max(result.Newest, new DateTimeOffset(createdAt).ToUnixTimeMilliseconds());

        var pollId = Json.Text(item, "pollId");
        var slideId = Json.Text(item, "slideId");
        Slide? slide = pollId is not null && slideId is not null && run.Slides[pollId].TryGetValue(slideId, out var found) ? found : null;
        var metadata = item.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object ? meta : default;
        var answer = Json.Text(item, "response");
        var kind = Classify(slide?.Type ?? Json.Text(item, "valueType"));
        var customer = Json.Text(metadata, "email") ?? Json.Text(item, "participantId");

        double? score = null;
        string? reason = null, text = null;
        switch (kind)
        {
            case AnswerKind.Nps or AnswerKind.Rating when answer is not null:
                if (!double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    result.Rejected.Add(new(position, "response", $"'{Shorten(answer)}' is not a number, but the question asks for a rating."));
                    return;
                }

                score = number;
                break;
            case AnswerKind.Choice:
                reason = answer;
                break;
            case AnswerKind.Email:
                // The answer is the respondent's address: it identifies them and is never kept as text.
                customer = answer ?? customer;
                break;
            case AnswerKind.Text:
                text = answer;
                break;
        }

        var currency = (Json.Text(metadata, "currency") ?? run.Currency).ToUpperInvariant();
        long? orderValue = null;
        if (item.TryGetProperty("orderValue", out var amount) && amount.ValueKind != JsonValueKind.Null)
        {
            orderValue = amount.ValueKind == JsonValueKind.Number && amount.TryGetDecimal(out var value)
                ? Money.ToMinor(value, currency, out var error)
                : Money.ParseMinor(amount.ToString(), currency, out error);
            if (error is not null)
            {
                result.Rejected.Add(new(position, "orderValue", error));
                return;
            }
        }

        var response = new SurveyResponse
        {
            ExternalId = id,
            SurveyId = pollId,
            SurveyType = kind == AnswerKind.Nps ? SurveyType.NPS : run.SurveyType,
            SubmittedAt = createdAt,
            Question = slide?.Title,
            Reason = reason,
            Text = text,
            Score = score,
            OrderValueMinor = orderValue,
            Currency = orderValue is null ? null : currency,
            CustomerHash = CustomerHash.Of(customer),
            Page = PagePath(Json.Text(metadata, "url") ?? Json.Text(metadata, "pageUrl") ?? Json.Text(metadata, "page_url")),
        };

        var errors = response.Validate();
        if (errors.Count > 0)
        {
            result.Rejected.AddRange(errors.Select(e => new RejectedRecord(position, e.Field, e.Message)));
            return;
        }

        result.Responses.Add(response);
    }

    /// <summary>The poll's slides by id; none for a poll Zigpoll no longer has (its responses are kept without their question).</summary>
    private async Task<Dictionary<string, Slide>> GetSlidesAsync(Run run, string pollId, CancellationToken cancellationToken)
    {
        var address = new Uri(run.Root, "slides?pollId=" + Uri.EscapeDataString(pollId));
        using var request = Request(address, run.Key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new(StringComparer.Ordinal);
        }

        using var json = await ReadJsonAsync(response, run.Key, cancellationToken);
        var root = json.RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data
            : throw new ConnectorException($"{Service} {ResilientHttpHandler.Describe(address)} answered without a list of slides.");

        var slides = new Dictionary<string, Slide>(StringComparer.Ordinal);
        foreach (var slide in list.EnumerateArray())
        {
            if ((Json.Text(slide, "_id") ?? Json.Text(slide, "id")) is { } id)
            {
                slides[id] = new Slide(PlainText(Json.Text(slide, "title")), Json.Text(slide, "type"));
            }
        }

        return slides;
    }

    private async Task<JsonDocument> GetJsonAsync(Uri address, string key, CancellationToken cancellationToken)
    {
        using var request = Request(address, key);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadJsonAsync(response, key, cancellationToken);
    }

    private static HttpRequestMessage Request(Uri address, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.TryAddWithoutValidation("Authorization", key);
        return request;
    }

    /// <summary>The body as JSON; a service that echoes the key in an error body does not get it onto the jobs page.</summary>
    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await HttpResponses.ReadJsonAsync(response, Service, cancellationToken);
        }
        catch (ConnectorException error) when (error.Message.Contains(key, StringComparison.Ordinal))
        {
            var message = error.Message.Replace(key, "[key]", StringComparison.Ordinal);
            throw error.InnerException is { } inner ? new ConnectorException(message, inner) : new ConnectorException(message);
        }
    }

    private static AnswerKind Classify(string? type)
    {
        var name = type?.ToLowerInvariant() ?? string.Empty;
        bool Has(params string[] words) => words.Any(word => name.Contains(word, StringComparison.Ordinal));
        return name switch
        {
            _ when Has("nps", "net-promoter", "netpromoter", "net_promoter") => AnswerKind.Nps,
            _ when Has("email") => AnswerKind.Email,
            _ when Has("rating", "range", "scale", "star", "slider") => AnswerKind.Rating,
            _ when Has("vote", "checkbox", "dropdown", "choice", "select") => AnswerKind.Choice,
            _ => AnswerKind.Text,
        };
    }

    /// <summary>The page without its query or fragment, which can carry e-mail addresses, tokens and discount codes.</summary>
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

    private static string? PlainText(string? html)
    {
        if (html is null)
        {
            return null;
        }

        var text = Whitespace().Replace(WebUtility.HtmlDecode(Markup().Replace(html, " ")), " ").Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private enum AnswerKind
    {
        Text,
        Choice,
        Rating,
        Nps,
        Email,
    }

    private sealed record Slide(string? Title, string? Type);

    /// <summary>What one pull reads from its source once, and the slides it has looked up so far.</summary>
    private sealed class Run
    {
        private readonly List<string> _scope = [];

        public Run(SourceConnection source)
        {
            Key = source.RequiredSecret();
            Root = source.BaseUrl(DefaultBaseUrl);
            var accountId = source.Setting("accountId");
            var pollId = source.Setting("pollId");
            if (accountId is null && pollId is null)
            {
                throw new ConnectorException($"Source '{source.Name}' needs the setting 'accountId' or 'pollId' to know which Zigpoll responses to read.");
            }

            if (accountId is not null)
            {
                _scope.Add("accountId=" + Uri.EscapeDataString(accountId));
            }

            if (pollId is not null)
            {
                _scope.Add("pollId=" + Uri.EscapeDataString(pollId));
            }

            var configured = source.Setting("surveyType");
            SurveyType = configured is null ? SurveyType.Custom
                : SurveyTypes.Parse(configured) ?? throw new ConnectorException($"Source '{source.Name}' has surveyType '{configured}'; use one of {SurveyTypes.Expected}.");
            Currency = source.Setting("currency") ?? Money.DefaultCurrency;
        }

        public string Key { get; }

        public Uri Root { get; }

        public SurveyType SurveyType { get; }

        public string Currency { get; }

        public Dictionary<string, Dictionary<string, Slide>> Slides { get; } = new(StringComparer.Ordinal);

        public Uri ResponsesUri(ZigpollCursor position)
        {
            var query = new List<string>(_scope) { $"limit={PageSize}" };
            if (position.CreatedAfter is { } after)
            {
                query.Add("createdAfter=" + after.ToString(CultureInfo.InvariantCulture));
            }

            if (position.StartCursor is { } start)
            {
                query.Add("startCursor=" + Uri.EscapeDataString(start));
            }

            return new Uri(Root, "responses?" + string.Join('&', query));
        }
    }

    private sealed class PageResult(Uri address)
    {
        public Uri Address { get; } = address;

        public List<SurveyResponse> Responses { get; } = [];

        public List<RejectedRecord> Rejected { get; } = [];

        /// <summary>Unix milliseconds of the latest creation time on the page, never later than now.</summary>
        public long? Newest { get; set; }

        public string? NextCursor { get; set; }
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
