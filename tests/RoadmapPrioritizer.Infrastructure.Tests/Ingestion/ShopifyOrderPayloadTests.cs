using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class ShopifyOrderPayloadTests
{
    /// <summary>An orders/create delivery, trimmed from the shape of Shopify's sample payload for the topic.</summary>
    private const string OrdersCreate = """
        {
          "id": 820982911946154508,
          "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
          "app_id": null,
          "browser_ip": null,
          "buyer_accepts_marketing": true,
          "cancel_reason": null,
          "cancelled_at": null,
          "checkout_id": 901414060,
          "confirmation_number": "V9ENVL83C",
          "confirmed": true,
          "contact_email": "jon@example.com",
          "created_at": "2026-03-02T10:15:00-05:00",
          "currency": "USD",
          "current_total_price": "199.65",
          "email": "jon@example.com",
          "financial_status": "paid",
          "name": "#9999",
          "order_number": 1234,
          "presentment_currency": "USD",
          "processed_at": "2026-03-02T10:15:00-05:00",
          "subtotal_price": "189.65",
          "total_discounts": "20.00",
          "total_line_items_price": "209.65",
          "total_price": "199.65",
          "total_price_set": {
            "shop_money": { "amount": "199.65", "currency_code": "USD" },
            "presentment_money": { "amount": "199.65", "currency_code": "USD" }
          },
          "total_tax": "0.00",
          "updated_at": "2026-03-02T10:15:01-05:00",
          "customer": {
            "id": 115310627314723954,
            "email": "john@example.com",
            "created_at": null,
            "updated_at": null,
            "first_name": "John",
            "last_name": "Smith",
            "state": "disabled",
            "currency": "USD",
            "admin_graphql_api_id": "gid://shopify/Customer/115310627314723954"
          },
          "line_items": [
            {
              "id": 866550311766439020,
              "admin_graphql_api_id": "gid://shopify/LineItem/866550311766439020",
              "current_quantity": 1,
              "name": "IPod Nano - 8GB",
              "price": "199.00",
              "product_id": 632910392,
              "quantity": 1,
              "sku": "IPOD2008PINK",
              "title": "IPod Nano - 8GB",
              "variant_id": 808950810
            },
            {
              "id": 141249953214522974,
              "admin_graphql_api_id": "gid://shopify/LineItem/141249953214522974",
              "current_quantity": 2,
              "name": "Sticker",
              "price": "5.325",
              "product_id": 632910393,
              "quantity": 2,
              "sku": "STICKER",
              "title": "Sticker",
              "variant_id": 808950811
            }
          ],
          "shipping_lines": [],
          "refunds": []
        }
        """;

    [Fact]
    public void A_real_orders_create_body_becomes_an_order_with_the_same_id_and_customer_hash_as_the_connector_gives()
    {
        var result = ShopifyOrderPayload.Parse(OrdersCreate);

        result.Errors.Should().BeEmpty();
        result.Order.Should().BeEquivalentTo(new
        {
            ExternalId = "820982911946154508",
            SourceId = 0,
            CustomerHash = "97f7d699f92ab5eaef87d27ad4c0f97d",
            CreatedAt = new DateTime(2026, 3, 2, 15, 15, 0, DateTimeKind.Utc),
            TotalMinor = 19965L,
            Currency = "USD",
            ItemCount = 3,
        });
        result.Order!.CreatedAt.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void A_body_without_an_id_is_refused_naming_the_order_id()
    {
        var result = ShopifyOrderPayload.Parse(OrdersCreate.Replace("\"id\": 820982911946154508,", string.Empty, StringComparison.Ordinal));

        result.Order.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Should().Be(
            new EvidenceError("order_id", "id is missing; it is how a second delivery of the same order is recognised."));
    }

    [Fact]
    public void A_guest_order_has_no_customer_hash()
    {
        var result = ShopifyOrderPayload.Parse("""
            {"id": 450789469, "name": "#1001", "created_at": "2026-03-02T08:00:00Z", "total_price": "12.50", "currency": "GBP",
             "email": "guest@example.com", "customer": null, "line_items": [{"quantity": 1}]}
            """);

        result.Order.Should().BeEquivalentTo(new { ExternalId = "450789469", CustomerHash = (string?)null, TotalMinor = 1250L, Currency = "GBP", ItemCount = 1 });
    }

    [Fact]
    public void Each_field_that_cannot_be_read_is_reported_with_its_reason()
    {
        var result = ShopifyOrderPayload.Parse("""
            {"id": 450789469, "created_at": "yesterday", "total_price": "12.00", "currency": "USD", "line_items": [{"quantity": "two"}]}
            """);

        result.Order.Should().BeNull();
        result.Errors.Should().Equal(
            new EvidenceError("created_at", "created_at is missing or is not a time such as 2025-01-23T23:10:15-05:00."),
            new EvidenceError("items", "A line item has no whole-number quantity."));
    }

    [Fact]
    public void A_negative_total_is_refused_by_the_order_rules()
    {
        var result = ShopifyOrderPayload.Parse("""
            {"id": 450789469, "created_at": "2026-03-02T08:00:00Z", "total_price": "-3.00", "currency": "USD", "line_items": []}
            """);

        result.Order.Should().BeNull();
        result.Errors.Should().Equal(new EvidenceError("total", "Total cannot be negative."));
    }

    [Fact]
    public void A_body_that_is_not_JSON_is_refused()
    {
        var result = ShopifyOrderPayload.Parse("{\"id\": 45078");

        result.Order.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Field.Should().Be("body");
    }
}
