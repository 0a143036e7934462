using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// The two Admin GraphQL queries the connector pages through, and how their nodes become evidence.
/// Fields from https://shopify.dev/docs/api/admin-graphql/2025-07/queries/orders,
/// https://shopify.dev/docs/api/admin-graphql/2025-07/objects/Order,
/// https://shopify.dev/docs/api/admin-graphql/2025-07/queries/abandonedCheckouts (in the API since 2024-10) and
/// https://shopify.dev/docs/api/admin-graphql/2025-07/objects/AbandonedCheckout.
/// </summary>
internal static class ShopifyRecords
{
    /// <summary>
    /// Totals are the shop-currency amounts (as the webhook's total_price is); items are the quantities
    /// of every line in the subtotal, as placed. Each node costs about 4 points, so 100 a page stays
    /// well under the 1,000-point limit for one query. Customers are read by id only: an order's e-mail
    /// needs Shopify's protected customer data approval, an id does not.
    /// </summary>
    public const string OrdersQuery = """
        query Orders($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id
              name
              createdAt
              subtotalLineItemsQuantity
              totalPriceSet { shopMoney { amount currencyCode } }
              customer { id }
            }
          }
        }
        """;

    /// <summary>
    /// Up to 25 lines are counted per checkout (the item count of a larger
    /// cart is a lower bound); AbandonedCheckout.lineItemsQuantity would count them all but is deprecated.
    /// A node costs about 31 points, so 25 a page stays under the 1,000-point limit.
    /// </summary>
    public const string CheckoutsQuery = """
        query AbandonedCheckouts($first: Int!, $after: String, $query: String) {
          abandonedCheckouts(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id
              name
              createdAt
              totalPriceSet { shopMoney { amount currencyCode } }
              customer { id }
              lineItems(first: 25) { nodes { quantity } }
            }
          }
        }
        """;

    public static Mapped<Order> ToOrder(JsonElement node)
    {
        var common = Common(node, "order", "order_id");
        var errors = common.Errors;
        var items = ShopifyValues.WholeNumber(node, "subtotalLineItemsQuantity");
        if (items is null)
        {
            errors.Add(new("items", "subtotalLineItemsQuantity is missing or not a whole number, so the number of items is unknown."));
        }

        if (errors.Count > 0)
        {
            return new(common.Position, common.Id, common.CreatedAt, null, errors);
        }

        var order = new Order
        {
            ExternalId = common.Id!,
            CustomerHash = common.CustomerHash,
            CreatedAt = common.CreatedAt!.Value,
            TotalMinor = common.Total!.Value,
            Currency = common.Currency!,
            ItemCount = items!.Value,
        };
        var invalid = order.Validate();
        return new(common.Position, common.Id, common.CreatedAt, invalid.Count == 0 ? order : null, invalid);
    }

    public static Mapped<AbandonedCheckout> ToCheckout(JsonElement node)
    {
        var common = Common(node, "checkout", "checkout_id");
        var errors = common.Errors;
        var items = 0;
        if (ShopifyValues.Object(node, "lineItems") is not { } lines || !lines.TryGetProperty("nodes", out var lineNodes) || lineNodes.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("items", "lineItems is missing, so the number of items is unknown."));
        }
        else
        {
            foreach (var line in lineNodes.EnumerateArray())
            {
                if (ShopifyValues.WholeNumber(line, "quantity") is not { } value)
                {
                    errors.Add(new("items", "A line item has no whole-number quantity."));
                    break;
                }

                items += value;
            }
        }

        if (errors.Count > 0)
        {
            return new(common.Position, common.Id, common.CreatedAt, null, errors);
        }

        var checkout = new AbandonedCheckout
        {
            ExternalId = common.Id!,
            CustomerHash = common.CustomerHash,
            CreatedAt = common.CreatedAt!.Value,
            TotalMinor = common.Total!.Value,
            Currency = common.Currency!,
            ItemCount = items,
        };
        var invalid = checkout.Validate();
        return new(common.Position, common.Id, common.CreatedAt, invalid.Count == 0 ? checkout : null, invalid);
    }

    /// <summary>What orders and checkouts share: id, creation time, total in the shop's currency, customer.</summary>
    private static CommonFields Common(JsonElement node, string noun, string idField)
    {
        var errors = new List<EvidenceError>();
        var id = ShopifyValues.LegacyId(ShopifyValues.Text(node, "id"));
        var name = ShopifyValues.Text(node, "name");
        var position = $"{noun} {id ?? name ?? "(no id)"}";
        if (id is null)
        {
            errors.Add(new(idField, "id is missing; it is how a second import of the same record is recognised."));
        }

        var createdAt = ShopifyValues.UtcTime(ShopifyValues.Text(node, "createdAt"));
        if (createdAt is null)
        {
            errors.Add(new("created_at", "createdAt is missing or is not a time."));
        }

        string? currency = null;
        long? total = null;
        var money = ShopifyValues.Object(node, "totalPriceSet") is { } set ? ShopifyValues.Object(set, "shopMoney") : null;
        if (money is not { } shopMoney)
        {
            errors.Add(new("total", "totalPriceSet.shopMoney is missing."));
        }
        else
        {
            currency = ShopifyValues.Text(shopMoney, "currencyCode");
            if (currency is null)
            {
                errors.Add(new("currency", "currencyCode is missing."));
            }
            else if (ShopifyValues.AmountText(shopMoney, "amount") is not { } amount)
            {
                errors.Add(new("total", "The amount is missing."));
            }
            else
            {
                total = Money.ParseMinor(amount, currency, out var moneyError);
                if (moneyError is not null)
                {
                    errors.Add(new("total", moneyError));
                }
            }
        }

        var customerId = ShopifyValues.Object(node, "customer") is { } customer ? ShopifyValues.LegacyId(ShopifyValues.Text(customer, "id")) : null;
        return new(position, id, createdAt, total, currency, CustomerHash.Of(customerId), errors);
    }

    private sealed record CommonFields(string Position, string? Id, DateTime? CreatedAt, long? Total, string? Currency, string? CustomerHash, List<EvidenceError> Errors);
}

/// <summary>One node read: the record when it is valid, else why not; where it was; and its place in the stream.</summary>
internal sealed record Mapped<T>(string Position, string? Id, DateTime? CreatedAt, T? Record, IReadOnlyList<EvidenceError> Errors)
    where T : class;
