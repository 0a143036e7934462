using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>A survey answer; the respondent's customer hash stays out of the API (pseudonymous, but still about a person).</summary>
public sealed record SurveyResponseResponse(
    long Id,
    string Source,
    string ExternalId,
    SurveyType SurveyType,
    DateTime SubmittedAt,
    string? Question,
    string? Reason,
    string? Text,
    double? Score,
    decimal? OrderValue,
    string? Currency,
    string? Page,
    string? Tags)
{
    public static SurveyResponseResponse From(SurveyResponseItem r) => new(
        r.Id, r.Source, r.ExternalId, r.SurveyType, r.SubmittedAt, r.Question, r.Reason, r.Text, r.Score,
        r.OrderValueMinor is { } minor ? Money.FromMinor(minor, r.Currency ?? Money.DefaultCurrency) : null,
        r.Currency, r.Page, r.Tags);
}

/// <summary>An order; as with survey answers, no customer hash.</summary>
public sealed record OrderResponse(long Id, string Source, string OrderId, DateTime CreatedAt, decimal Total, string Currency, int Items)
{
    public static OrderResponse From(OrderItem o) => new(o.Id, o.Source, o.OrderId, o.CreatedAt, Money.FromMinor(o.TotalMinor, o.Currency), o.Currency, o.ItemCount);
}

public sealed record RevenueResponse(decimal Revenue, string Currency);

/// <param name="Revenue">In the currency's units (12.50), when the day's revenue is in one currency; else null, see <paramref name="RevenueByCurrency"/>.</param>
/// <param name="RevenueByCurrency">Every currency with revenue that day (one, usually); amounts in different currencies are never added.</param>
public sealed record FunnelDayResponse(
    DateOnly Date,
    long Sessions,
    long ProductViews,
    long AddToCart,
    long CheckoutStarted,
    long CheckoutCompleted,
    decimal? Revenue,
    string? Currency,
    IReadOnlyList<RevenueResponse> RevenueByCurrency)
{
    public static FunnelDayResponse From(FunnelRow d) => new(
        d.Date!.Value, d.Sessions, d.ProductViews, d.AddToCart, d.CheckoutStarted, d.CheckoutCompleted,
        d.SingleRevenue?.Value, d.SingleRevenue?.Currency,
        d.Revenue.Select(r => new RevenueResponse(r.Value, r.Currency)).ToList());
}

public sealed record EvidenceListResponse<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

/// <summary>
/// Read-only evidence as JSON. Every call takes from and to as dates (UTC, both days included;
/// default: the 90 days up to today) and an optional source name; lists are newest first.
/// </summary>
internal static class EvidenceApi
{
    /// <summary>
    /// GET /api/evidence/survey-responses?source=&amp;surveyType=&amp;from=&amp;to=&amp;page=&amp;pageSize= -> {total, page, pageSize, items};
    /// GET /api/evidence/funnel?source=&amp;from=&amp;to= -> [{date, sessions, productViews, addToCart, checkoutStarted, checkoutCompleted, revenue, currency, revenueByCurrency}];
    /// GET /api/evidence/orders?source=&amp;from=&amp;to=&amp;page=&amp;pageSize= -> {total, page, pageSize, items}.
    /// Returns the group so the host can require a policy on it.
    /// </summary>
    public static RouteGroupBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/evidence");

        group.MapGet("/survey-responses", async Task<Results<Ok<EvidenceListResponse<SurveyResponseResponse>>, ValidationProblem>> (
            string? source, string? surveyType, string? from, string? to, string? page, string? pageSize,
            EvidenceExplorer explorer, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var filter = EvidenceFilter.Parse(from, to, source, surveyType, time, errors);
            var (pageValue, pageSizeValue) = Paging(page, pageSize, errors);
            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = await explorer.SurveyResponsesAsync(filter, pageValue, pageSizeValue, ct);
            return TypedResults.Ok(new EvidenceListResponse<SurveyResponseResponse>(result.Total, result.Page, result.PageSize, result.Items.Select(SurveyResponseResponse.From).ToList()));
        });

        group.MapGet("/funnel", async Task<Results<Ok<List<FunnelDayResponse>>, ValidationProblem>> (
            string? source, string? from, string? to, EvidenceExplorer explorer, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var filter = EvidenceFilter.Parse(from, to, source, surveyType: null, time, errors);
            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var funnel = await explorer.FunnelAsync(filter, ct);
            return TypedResults.Ok(funnel.Days.Select(FunnelDayResponse.From).ToList());
        });

        group.MapGet("/orders", async Task<Results<Ok<EvidenceListResponse<OrderResponse>>, ValidationProblem>> (
            string? source, string? from, string? to, string? page, string? pageSize,
            EvidenceExplorer explorer, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var filter = EvidenceFilter.Parse(from, to, source, surveyType: null, time, errors);
            var (pageValue, pageSizeValue) = Paging(page, pageSize, errors);
            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = await explorer.OrdersAsync(filter, pageValue, pageSizeValue, ct);
            return TypedResults.Ok(new EvidenceListResponse<OrderResponse>(result.Total, result.Page, result.PageSize, result.Items.Select(OrderResponse.From).ToList()));
        });

        return group;
    }

    private static (int Page, int PageSize) Paging(string? page, string? pageSize, FieldErrors errors) =>
        (Whole(page, 1, int.MaxValue, 1, "page", errors), Whole(pageSize, 1, EvidenceExplorer.MaxPageSize, EvidenceExplorer.DefaultPageSize, "pageSize", errors));

    private static int Whole(string? text, int min, int max, int fallback, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(field, max == int.MaxValue ? $"{field} must be a whole number of at least {min}." : $"{field} must be a whole number from {min} to {max}.");
        return fallback;
    }
}
