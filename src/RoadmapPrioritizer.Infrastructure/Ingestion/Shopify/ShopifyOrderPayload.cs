using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

/// <summary>
/// Reads the body Shopify posts for the <c>orders/create</c> webhook: the REST order resource in
/// snake_case (id, name, created_at with its offset, total_price as a string in the shop currency
/// <c>currency</c>, customer {id, email}, line_items[].quantity). Shapes from the topic's sample payload,
/// https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/create and
/// https://shopify.dev/docs/api/admin-rest/latest/resources/order.
/// </summary>
public static class ShopifyOrderPayload
{
    /// <summary>
    /// The order, or why it cannot be stored. Ids and customers are read as the GraphQL connector
    /// reads them (the numeric id; the customer's id, hashed), so both paths store the same record.
    /// The order's e-mail is not used, because the connector cannot read it without Shopify's
    /// protected customer data approval and the two paths must hash the same identifier.
    /// </summary>
    public static ShopifyOrderPayloadResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            return Invalid(new EvidenceError("body", $"The body is not JSON ({error.Message})."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid(new EvidenceError("body", "The body is not a JSON object (expected a Shopify order)."));
            }

            var errors = new List<EvidenceError>();
            var id = ShopifyValues.LegacyId(ShopifyValues.IdText(root, "id"));
            if (id is null)
            {
                errors.Add(new("order_id", "id is missing; it is how a second delivery of the same order is recognised."));
            }

            var createdAt = ShopifyValues.UtcTime(ShopifyValues.Text(root, "created_at"));
            if (createdAt is null)
            {
                errors.Add(new("created_at", "created_at is missing or is not a time such as 2025-01-23T23:10:15-05:00."));
            }

            var currency = ShopifyValues.Text(root, "currency");
            if (currency is null)
            {
                errors.Add(new("currency", "currency is missing."));
            }

            long? total = null;
            if (ShopifyValues.AmountText(root, "total_price") is not { } amount)
            {
                errors.Add(new("total", "total_price is missing."));
            }
            else if (currency is not null)
            {
                total = Money.ParseMinor(amount, currency, out var moneyError);
                if (moneyError is not null)
                {
                    errors.Add(new("total", moneyError));
                }
            }

            var items = ItemCount(root, errors);
            if (errors.Count > 0)
            {
                return new(null, errors);
            }

            var order = new Order
            {
                ExternalId = id!,
                CustomerHash = CustomerHash.Of(ShopifyValues.Object(root, "customer") is { } customer ? ShopifyValues.IdText(customer, "id") : null),
                CreatedAt = createdAt!.Value,
                TotalMinor = total!.Value,
                Currency = currency!.ToUpperInvariant(),
                ItemCount = items,
            };
            var invalid = order.Validate();
            return invalid.Count == 0 ? new(order, []) : new(null, invalid);
        }
    }

    private static int ItemCount(JsonElement root, List<EvidenceError> errors)
    {
        if (!root.TryGetProperty("line_items", out var lines) || lines.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("items", "line_items is missing, so the number of items is unknown."));
            return 0;
        }

        var count = 0;
        foreach (var line in lines.EnumerateArray())
        {
            if (ShopifyValues.WholeNumber(line, "quantity") is not { } value)
            {
                errors.Add(new("items", "A line item has no whole-number quantity."));
                return 0;
            }

            count += value;
        }

        return count;
    }

    private static ShopifyOrderPayloadResult Invalid(EvidenceError error) => new(null, [error]);
}

/// <summary>The order a webhook described, or (when <see cref="Order"/> is null) every reason it cannot be stored.</summary>
public sealed record ShopifyOrderPayloadResult(Order? Order, IReadOnlyList<EvidenceError> Errors);
