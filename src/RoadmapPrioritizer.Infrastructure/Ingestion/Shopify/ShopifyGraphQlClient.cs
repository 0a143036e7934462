using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// Sends queries to one shop's Admin GraphQL endpoint and keeps within its cost budget.
/// Shopify limits by calculated query cost: a query runs only when the bucket holds its requested cost,
/// and the bucket refills at <c>restoreRate</c> points a second. Every answer reports
/// <c>extensions.cost</c> {requestedQueryCost, actualQueryCost, throttleStatus {maximumAvailable,
/// currentlyAvailable, restoreRate}}; a throttled query answers 200 with an error whose
/// <c>extensions.code</c> is THROTTLED and no data
/// (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits,
/// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
/// </summary>
internal sealed class ShopifyGraphQlClient(HttpClient http, TimeProvider time, Uri endpoint, string accessToken)
{
    public const string Service = "Shopify";

    /// <summary>How many THROTTLED answers to the same page are waited out before the run fails.</summary>
    public const int MaxThrottledRetries = 5;

    /// <summary>The wait after a THROTTLED answer that carries no cost figures to compute one from.</summary>
    public static readonly TimeSpan UnknownThrottleWait = TimeSpan.FromSeconds(1);

    /// <summary>No single wait is longer than this; a bucket restores fully well within it on every plan.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private DateTimeOffset _budgetAt = DateTimeOffset.MinValue;

    public Uri Endpoint => endpoint;

    private string Where => $"{Service} {ResilientHttpHandler.Describe(endpoint)}";

    /// <summary>The query's <c>data</c>; waits out throttling, and fails with the service's own words on any other GraphQL error.</summary>
    public async Task<JsonElement> QueryAsync(string query, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken)
    {
        for (var throttled = 0; ; throttled++)
        {
            var wait = _budgetAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = JsonContent.Create(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables }),
            };
            request.Headers.Add("X-Shopify-Access-Token", accessToken);
            using var response = await http.SendAsync(request, cancellationToken);
            using var json = await HttpResponses.ReadJsonAsync(response, Service, cancellationToken);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConnectorException($"{Where} answered with something other than a GraphQL response object.");
            }

            var shortfall = BudgetShortfall(root);
            _budgetAt = shortfall > TimeSpan.Zero ? time.GetUtcNow() + shortfall : DateTimeOffset.MinValue;

            if (Errors(root) is { Count: > 0 } errors)
            {
                if (errors.Any(e => e.Code == "THROTTLED"))
                {
                    if (throttled >= MaxThrottledRetries)
                    {
                        throw new ConnectorException($"{Where} was still throttling the query after {MaxThrottledRetries} waits; the run will resume from the last stored page.");
                    }

                    if (shortfall <= TimeSpan.Zero)
                    {
                        _budgetAt = time.GetUtcNow() + UnknownThrottleWait;
                    }

                    continue;
                }

                throw new ConnectorException($"{Where} answered with GraphQL errors: {string.Join("; ", errors.Select(e => e.Message))}");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new ConnectorException($"{Where} answered without a 'data' object.");
            }

            return data.Clone();
        }
    }

    /// <summary>
    /// How long until the bucket again holds what this query asked for: the next page asks the same,
    /// so (requested - available) / restoreRate seconds.
    /// </summary>
    private static TimeSpan BudgetShortfall(JsonElement root)
    {
        if (!root.TryGetProperty("extensions", out var extensions) || extensions.ValueKind != JsonValueKind.Object
            || !extensions.TryGetProperty("cost", out var cost) || cost.ValueKind != JsonValueKind.Object
            || !cost.TryGetProperty("throttleStatus", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            return TimeSpan.Zero;
        }

        if (Number(cost, "requestedQueryCost") is not { } requested
            || Number(status, "currentlyAvailable") is not { } available
            || Number(status, "restoreRate") is not (> 0 and var restoreRate))
        {
            return TimeSpan.Zero;
        }

        var missing = requested - available;
        if (missing <= 0)
        {
            return TimeSpan.Zero;
        }

        var wait = TimeSpan.FromMilliseconds(Math.Ceiling(missing / restoreRate * 1000));
        return wait < MaxWait ? wait : MaxWait;
    }

    private static double? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static List<GraphQlError>? Errors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors))
        {
            return null;
        }

        return errors.ValueKind switch
        {
            // Some failures (bad token, unknown shop) put one string here instead of the GraphQL list.
            JsonValueKind.String => [new GraphQlError(errors.GetString() ?? string.Empty, null)],
            JsonValueKind.Array => errors.EnumerateArray().Select(ReadError).ToList(),
            JsonValueKind.Object => [ReadError(errors)],
            _ => null,
        };
    }

    private static GraphQlError ReadError(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return new GraphQlError(error.ToString(), null);
        }

        var message = ShopifyValues.Text(error, "message") ?? error.GetRawText();
        var code = ShopifyValues.Object(error, "extensions") is { } extensions ? ShopifyValues.Text(extensions, "code") : null;
        return new GraphQlError(code is null ? message : string.Create(CultureInfo.InvariantCulture, $"{message} ({code})"), code);
    }

    private sealed record GraphQlError(string Message, string? Code);
}
