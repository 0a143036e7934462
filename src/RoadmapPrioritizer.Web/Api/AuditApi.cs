using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Api;

public sealed record AuditItemResponse(
    long Id,
    DateTime At,
    string Actor,
    string? ActorId,
    AuditAction Action,
    string EntityType,
    string EntityId,
    string Subject,
    IReadOnlyList<AuditChange> Changes)
{
    public static AuditItemResponse From(AuditRecord r) => new(r.Id, r.At, r.Actor, r.ActorId, r.Action, r.EntityType, r.EntityId, r.Subject, r.Changes);
}

public sealed record AuditPageResponse(int Total, int Page, int PageSize, IReadOnlyList<AuditItemResponse> Items);

/// <summary>The audit trail as JSON, newest first.</summary>
internal static class AuditApi
{
    /// <summary>
    /// GET /api/audit?entityType=&amp;entityId=&amp;subject=&amp;actor=&amp;action=&amp;from=&amp;to=&amp;page=&amp;pageSize=
    /// -> {total, page, pageSize, items: [{at, actor, action, entityType, entityId, changes: [{field, before, after}]}]}.
    /// "from" is inclusive and "to" exclusive; a date alone for "to" includes that whole day (UTC).
    /// Returns the group so the host can require a policy on it.
    /// </summary>
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit");
        group.MapGet("/", async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> (
            string? entityType, string? entityId, string? subject, string? actor, string? action, string? from, string? to, string? page, string? pageSize,
            AuditService audit, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var type = entityType is { Length: > 0 } ? AuditService.EntityTypes.FirstOrDefault(t => t.Equals(entityType.Trim(), StringComparison.OrdinalIgnoreCase)) : null;
            errors.Add("entityType", entityType is { Length: > 0 } && type is null ? $"entityType must be one of {string.Join(", ", AuditService.EntityTypes)}." : null);
            AuditAction? parsedAction = Enum.TryParse<AuditAction>(action, ignoreCase: true, out var a) && Enum.IsDefined(a) ? a : null;
            errors.Add("action", action is { Length: > 0 } && parsedAction is null ? $"action must be one of {string.Join(", ", Enum.GetNames<AuditAction>())}." : null);
            errors.Add("from", AuditQuery.TryParseDate(from, endOfDay: false, out var fromValue) ? null : AuditQuery.DateError("from"));
            errors.Add("to", AuditQuery.TryParseDate(to, endOfDay: true, out var toValue) ? null : AuditQuery.DateError("to"));
            var pageValue = Whole(page, 1, int.MaxValue, 1, "page", errors);
            var pageSizeValue = Whole(pageSize, 1, AuditQuery.MaxPageSize, AuditQuery.DefaultPageSize, "pageSize", errors);
            if (errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary());
            }

            var result = await audit.QueryAsync(new AuditQuery
            {
                EntityType = type,
                EntityId = entityId,
                Subject = subject,
                Actor = actor,
                Action = parsedAction,
                From = fromValue,
                To = toValue,
                Page = pageValue,
                PageSize = pageSizeValue,
            }, ct);
            return TypedResults.Ok(new AuditPageResponse(result.Total, result.Page, result.PageSize, result.Items.Select(AuditItemResponse.From).ToList()));
        });
        return group;
    }

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
