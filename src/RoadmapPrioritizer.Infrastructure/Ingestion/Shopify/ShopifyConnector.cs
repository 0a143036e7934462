using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// Pulls a shop's orders, then its abandoned checkouts, from the Admin GraphQL API: POST
/// <c>https://{shop}/admin/api/{apiVersion}/graphql.json</c> with the app's access token in
/// <c>X-Shopify-Access-Token</c> (https://shopify.dev/docs/api/admin-graphql#endpoints,
/// https://shopify.dev/docs/api/usage/authentication#getting-started-with-authenticated-access).
/// Connections are paged with <c>first</c>/<c>after</c> and <c>pageInfo { hasNextPage endCursor }</c>
/// (https://shopify.dev/docs/api/usage/pagination-graphql).
/// <para>
/// Settings: <c>shop</c> (ashgrove.myshopify.com), <c>apiVersion</c> (default <see cref="DefaultApiVersion"/>),
/// <c>startDate</c> (optional, yyyy-MM-dd: the first run imports records created from then on; default all).
/// The secret is the Admin API access token; the app needs read_orders (abandoned checkouts also need
/// the staff permission to manage them) and read_customers for the customer ids.
/// </para>
/// <para>Every page's cursor is a <see cref="ShopifyCursor"/>, which documents how runs resume.</para>
/// </summary>
public sealed partial class ShopifyConnector(HttpClient http, TimeProvider time) : IConnector
{
    /// <summary>A stable version; Shopify supports each for at least 12 months (https://shopify.dev/docs/api/usage/versioning).</summary>
    public const string DefaultApiVersion = "2025-07";

    public SourceKind Kind => SourceKind.Shopify;

    internal int OrdersPageSize { get; init; } = 100;

    internal int CheckoutsPageSize { get; init; } = 25;

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = source.RequiredSecret();
        var apiVersion = ApiVersion(source);
        var root = source.BaseUrl($"https://{Shop(source)}");
        var endpoint = new Uri(root, $"admin/api/{apiVersion}/graphql.json");
        var startDate = StartDate(source);
        var saved = ShopifyCursor.Parse(cursor, source.Name);
        var client = new ShopifyGraphQlClient(http, time, endpoint, token);

        var orders = new Feed<Order>("orders", ShopifyRecords.OrdersQuery, OrdersPageSize, ShopifyRecords.ToOrder, (page, order) => page.Orders.Add(order));
        var checkouts = new Feed<AbandonedCheckout>("abandonedCheckouts", ShopifyRecords.CheckoutsQuery, CheckoutsPageSize, ShopifyRecords.ToCheckout, (page, checkout) => page.AbandonedCheckouts.Add(checkout));

        var ordersAt = saved.Orders;
        await foreach (var (page, position) in ReadAsync(client, orders, saved.Orders, startDate, at => new ShopifyCursor(at, saved.Checkouts), cancellationToken))
        {
            ordersAt = position;
            yield return page;
        }

        await foreach (var (page, _) in ReadAsync(client, checkouts, saved.Checkouts, startDate, at => new ShopifyCursor(ordersAt, at), cancellationToken))
        {
            yield return page;
        }
    }

    /// <summary>One stream's pages after <paramref name="from"/>, each with the cursor that resumes after it.</summary>
    private static async IAsyncEnumerable<(EvidencePage Page, StreamPosition? Position)> ReadAsync<T>(
        ShopifyGraphQlClient client,
        Feed<T> feed,
        StreamPosition? from,
        DateTime? startDate,
        Func<StreamPosition?, ShopifyCursor> cursorWith,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var since = from?.CreatedAt ?? startDate;
        var search = since is { } sinceTime ? $"created_at:>='{ShopifyValues.SearchTime(sinceTime)}'" : null;
        var position = from;
        string? after = null;
        while (true)
        {
            var data = await client.QueryAsync(
                feed.Query,
                new Dictionary<string, object?> { ["first"] = feed.PageSize, ["after"] = after, ["query"] = search },
                cancellationToken);
            var (nodes, hasNextPage, endCursor) = Connection(data, feed.Field, client);

            var mapped = new List<Mapped<T>>();
            foreach (var node in nodes)
            {
                var record = feed.Map(node);
                if (from is not null && record.Id == from.Id)
                {
                    continue;
                }

                mapped.Add(record);
                if (record is { Id: { } id, CreatedAt: { } createdAt })
                {
                    position = new StreamPosition(createdAt, id);
                }
            }

            if (mapped.Count > 0)
            {
                var page = new EvidencePage { Cursor = cursorWith(position).Serialize() };
                foreach (var record in mapped)
                {
                    if (record.Record is { } valid)
                    {
                        feed.Add(page, valid);
                    }
                    else
                    {
                        page.Rejected.AddRange(record.Errors.Select(e => new RejectedRecord(record.Position, e.Field, e.Message)));
                    }
                }

                yield return (page, position);
            }

            if (!hasNextPage)
            {
                yield break;
            }

            after = endCursor;
        }
    }

    private static (List<JsonElement> Nodes, bool HasNextPage, string? EndCursor) Connection(JsonElement data, string field, ShopifyGraphQlClient client)
    {
        if (!data.TryGetProperty(field, out var connection) || connection.ValueKind != JsonValueKind.Object)
        {
            throw Shape(client, $"data.{field}");
        }

        if (!connection.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array || nodes.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Object))
        {
            throw Shape(client, $"data.{field}.nodes (a list of objects)");
        }

        if (ShopifyValues.Object(connection, "pageInfo") is not { } pageInfo
            || !pageInfo.TryGetProperty("hasNextPage", out var hasNext) || hasNext.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Shape(client, $"data.{field}.pageInfo.hasNextPage");
        }

        var endCursor = ShopifyValues.Text(pageInfo, "endCursor");
        if (hasNext.GetBoolean() && endCursor is null)
        {
            throw Shape(client, $"data.{field}.pageInfo.endCursor (there is a next page)");
        }

        return (nodes.EnumerateArray().ToList(), hasNext.GetBoolean(), endCursor);
    }

    private static ConnectorException Shape(ShopifyGraphQlClient client, string missing) =>
        new($"{ShopifyGraphQlClient.Service} {ResilientHttpHandler.Describe(client.Endpoint)} answered without {missing}.");

    /// <summary>The shop's domain as entered ("ashgrove.myshopify.com", or pasted with https:// and a slash); not needed when baseUrl is set.</summary>
    private static string? Shop(SourceConnection source)
    {
        var shop = source.Setting("baseUrl") is null ? source.RequiredSetting("shop") : source.Setting("shop");
        if (shop is null)
        {
            return null;
        }

        var host = shop.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(shop, UriKind.Absolute, out var uri) ? uri.Host : shop.TrimEnd('/');
        return Uri.CheckHostName(host) == UriHostNameType.Dns
            ? host
            : throw new ConnectorException($"Source '{source.Name}': the setting 'shop' should be the shop's domain, such as ashgrove.myshopify.com.");
    }

    private static string ApiVersion(SourceConnection source)
    {
        var version = source.Setting("apiVersion") ?? DefaultApiVersion;
        return VersionPattern().IsMatch(version)
            ? version
            : throw new ConnectorException($"Source '{source.Name}': the setting 'apiVersion' should be a Shopify API version such as {DefaultApiVersion}.");
    }

    private static DateTime? StartDate(SourceConnection source) =>
        source.Setting("startDate") is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
        : throw new ConnectorException($"Source '{source.Name}': the setting 'startDate' should be a date such as 2026-01-31.");

    [GeneratedRegex("^([0-9]{4}-[0-9]{2}|unstable)$")]
    private static partial Regex VersionPattern();

    /// <summary>One paged connection: its query, the field that holds it, and how its nodes become records.</summary>
    private sealed record Feed<T>(string Field, string Query, int PageSize, Func<JsonElement, Mapped<T>> Map, Action<EvidencePage, T> Add)
        where T : class;
}
