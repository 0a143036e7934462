using NpgsqlTypes;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>A column the bulk writer fills from a record (source_id is added by the writer).</summary>
internal sealed record EvidenceColumn<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

/// <param name="Key">The columns besides source_id that identify a record within its source.</param>
/// <param name="Replace">Whether a record already present is replaced (funnel days) or kept as first stored (everything else).</param>
internal sealed record EvidenceTable<T>(string Name, string[] Key, bool Replace, IReadOnlyList<EvidenceColumn<T>> Columns);

/// <summary>How each kind of evidence maps to its table; the EF model maps the same columns for reading.</summary>
internal static class EvidenceTables
{
    public static EvidenceTable<SurveyResponse> SurveyResponses { get; } = new(
        "survey_responses",
        ["external_id"],
        Replace: false,
        [
            new("external_id", NpgsqlDbType.Text, r => r.ExternalId),
            new("survey_id", NpgsqlDbType.Text, r => r.SurveyId),
            new("survey_type", NpgsqlDbType.Text, r => r.SurveyType.ToString()),
            new("submitted_at", NpgsqlDbType.TimestampTz, r => r.SubmittedAt),
            new("question", NpgsqlDbType.Text, r => r.Question),
            new("reason", NpgsqlDbType.Text, r => r.Reason),
            new("text", NpgsqlDbType.Text, r => r.Text),
            new("score", NpgsqlDbType.Double, r => r.Score),
            new("order_value_minor", NpgsqlDbType.Bigint, r => r.OrderValueMinor),
            new("currency", NpgsqlDbType.Text, r => r.Currency),
            new("customer_hash", NpgsqlDbType.Text, r => r.CustomerHash),
            new("page", NpgsqlDbType.Text, r => r.Page),
            new("tags", NpgsqlDbType.Text, r => r.Tags),
        ]);

    public static EvidenceTable<Order> Orders { get; } = new(
        "orders",
        ["external_id"],
        Replace: false,
        [
            new("external_id", NpgsqlDbType.Text, o => o.ExternalId),
            new("customer_hash", NpgsqlDbType.Text, o => o.CustomerHash),
            new("created_at", NpgsqlDbType.TimestampTz, o => o.CreatedAt),
            new("total_minor", NpgsqlDbType.Bigint, o => o.TotalMinor),
            new("currency", NpgsqlDbType.Text, o => o.Currency),
            new("item_count", NpgsqlDbType.Integer, o => o.ItemCount),
        ]);

    public static EvidenceTable<AbandonedCheckout> AbandonedCheckouts { get; } = new(
        "abandoned_checkouts",
        ["external_id"],
        Replace: false,
        [
            new("external_id", NpgsqlDbType.Text, c => c.ExternalId),
            new("customer_hash", NpgsqlDbType.Text, c => c.CustomerHash),
            new("created_at", NpgsqlDbType.TimestampTz, c => c.CreatedAt),
            new("total_minor", NpgsqlDbType.Bigint, c => c.TotalMinor),
            new("currency", NpgsqlDbType.Text, c => c.Currency),
            new("item_count", NpgsqlDbType.Integer, c => c.ItemCount),
        ]);

    public static EvidenceTable<FunnelDay> FunnelDays { get; } = new(
        "funnel_days",
        ["date", "segment"],
        Replace: true,
        [
            new("date", NpgsqlDbType.Date, d => d.Date),
            new("segment", NpgsqlDbType.Text, d => d.Segment),
            new("sessions", NpgsqlDbType.Bigint, d => d.Sessions),
            new("product_views", NpgsqlDbType.Bigint, d => d.ProductViews),
            new("add_to_cart", NpgsqlDbType.Bigint, d => d.AddToCart),
            new("checkout_started", NpgsqlDbType.Bigint, d => d.CheckoutStarted),
            new("checkout_completed", NpgsqlDbType.Bigint, d => d.CheckoutCompleted),
            new("revenue_minor", NpgsqlDbType.Bigint, d => d.RevenueMinor),
            new("currency", NpgsqlDbType.Text, d => d.Currency),
        ]);
}
