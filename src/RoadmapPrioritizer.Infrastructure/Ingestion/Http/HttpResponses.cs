using System.Net;
using System.Text.Json;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Http;

/// <summary>Turns what a service answered into JSON or a <see cref="ConnectorException"/> that says what went wrong where.</summary>
public static class HttpResponses
{
    private const int BodyExcerpt = 300;

    /// <summary>The body as JSON, when the status is a success and the body parses.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        var where = $"{service} {ResilientHttpHandler.Describe(response.RequestMessage?.RequestUri)}";
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " Check the source's credentials.",
                HttpStatusCode.TooManyRequests => " The service is still rate limiting after every retry.",
                _ => string.Empty,
            };
            throw new ConnectorException($"{where} answered {(int)response.StatusCode} {response.ReasonPhrase}.{hint} {Excerpt(body)}".TrimEnd());
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            throw new ConnectorException($"{where} sent malformed JSON ({error.Message}). {Excerpt(body)}".TrimEnd(), error);
        }
    }

    private static string Excerpt(string body) =>
        string.IsNullOrWhiteSpace(body) ? string.Empty : $"Body: {(body.Length <= BodyExcerpt ? body : body[..BodyExcerpt] + "…")}";
}
