namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>What a CSV file holds; the API spells these survey-responses, funnel-daily and orders.</summary>
public enum ImportKind
{
    SurveyResponses,
    FunnelDaily,
    Orders,
}

/// <summary>A field the importer understands, and the header names (any case, spaces or punctuation) that mean it.</summary>
public sealed record CsvField(string Name, bool Required, params string[] Aliases)
{
    public IEnumerable<string> Names => Aliases.Prepend(Name).Select(CsvFields.Normalize);
}

/// <summary>
/// The documented columns of each kind of file, with aliases that match common exports (Hotjar,
/// Typeform, Survicate, Shopify, GA4 and the public data sets named in the README). The first name
/// that matches a header wins, so the canonical name beats an alias.
/// </summary>
public static class CsvFields
{
    public static IReadOnlyList<CsvField> SurveyResponses { get; } =
    [
        new("external_id", false, "id", "response_id", "submission_id", "respondent_id"),
        new("survey_type", false, "type"),
        new("submitted_at", true, "date", "created_at", "timestamp", "submitted", "response_date", "customer_response_date", "end_date"),
        new("reason", false, "answer", "option", "choice", "category"),
        new("text", false, "comment", "feedback", "verbatim", "review_text", "response"),
        new("score", false, "nps_score", "nps", "rating", "value"),
        new("order_value", false, "cart_value", "order_total"),
        new("customer", false, "email", "customer_id", "user_id", "respondent"),
        new("page", false, "url", "page_url", "survey_sub_type", "stage"),
        new("survey_id", false, "poll_id", "form_id"),
        new("question", false, "question_text"),
        new("tags", false, "labels"),
        new("currency", false),
    ];

    public static IReadOnlyList<CsvField> FunnelDaily { get; } =
    [
        new("date", true, "metric_date", "day", "event_date"),
        new("sessions", false, "visits"),
        new("product_views", false, "product_view_sessions", "view_item", "views"),
        new("add_to_cart", false, "cart_sessions", "add_to_carts", "carts"),
        new("checkout_started", false, "checkout_sessions", "begin_checkout", "checkouts"),
        new("checkout_completed", false, "purchases", "purchase_sessions", "transactions", "purchase", "orders"),
        new("revenue", false, "revenue_usd", "purchase_revenue", "total_revenue", "sales"),
        new("currency", false),
        new("segment", false, "device", "device_category", "channel"),
    ];

    public static IReadOnlyList<CsvField> Orders { get; } =
    [
        new("order_id", true, "id", "invoice_no", "invoice", "order_number", "name"),
        new("customer", false, "customer_id", "email", "customer_email"),
        new("created_at", true, "date", "invoice_date", "order_date", "processed_at"),
        new("total", false, "total_price", "order_total", "amount"),
        new("currency", false),
        new("items", false, "item_count", "quantity", "qty"),
        new("unit_price", false, "price"),
    ];

    /// <summary>The counts of a funnel file; at least one must be present.</summary>
    public static readonly string[] FunnelCounts = ["sessions", "product_views", "add_to_cart", "checkout_started", "checkout_completed"];

    public static IReadOnlyList<CsvField> For(ImportKind kind) => kind switch
    {
        ImportKind.SurveyResponses => SurveyResponses,
        ImportKind.FunnelDaily => FunnelDaily,
        _ => Orders,
    };

    public static string RouteName(ImportKind kind) => kind switch
    {
        ImportKind.SurveyResponses => "survey-responses",
        ImportKind.FunnelDaily => "funnel-daily",
        _ => "orders",
    };

    public static ImportKind? FromRouteName(string? name) =>
        Enum.GetValues<ImportKind>().Cast<ImportKind?>().FirstOrDefault(k => RouteName(k!.Value) == name);

    /// <summary>"Order ID", "order_id" and "OrderId" are the same header.</summary>
    public static string Normalize(string header) => new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
