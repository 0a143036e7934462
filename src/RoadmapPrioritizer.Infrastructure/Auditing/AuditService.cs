using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Auditing;

/// <summary>
/// Filters for the audit trail; a null filter lets everything through. <see cref="From"/> is
/// inclusive and <see cref="To"/> exclusive, both UTC. <see cref="Actor"/> matches a user id exactly
/// or part of a name, in any case.
/// </summary>
public sealed record AuditQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    /// <summary>"Initiative:12": the initiative and everything it owns (its brand ratings).</summary>
    public string? Subject { get; init; }

    public string? Actor { get; init; }

    public AuditAction? Action { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    /// <summary>From 1.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// Reads a bound of a date range: an ISO 8601 date-time (UTC unless it says otherwise) as given,
    /// or a date alone as the start of that day; with <paramref name="endOfDay"/> a date alone means
    /// the start of the next day, so "to 2026-11-22" includes all of the 22nd.
    /// </summary>
    public static bool TryParseDate(string? text, bool endOfDay, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc).AddDays(endOfDay ? 1 : 0);
            return true;
        }

        if (DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var moment))
        {
            value = moment;
            return true;
        }

        return false;
    }

    public static string? DateError(string field) => $"{field} must be a date (2026-11-22) or an ISO 8601 date-time (2026-11-22T14:30:00Z).";
}

/// <summary>One audit row, read back: who did what to which record, and each field before and after.</summary>
public sealed record AuditRecord(
    long Id,
    DateTime At,
    string? ActorId,
    string Actor,
    AuditAction Action,
    string EntityType,
    string EntityId,
    string Subject,
    IReadOnlyList<AuditChange> Changes);

public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditRecord> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the audit trail, newest first. Rows are written by <see cref="RoadmapDbContext"/> on every save.</summary>
public sealed class AuditService(RoadmapDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The names <see cref="AuditRecord.EntityType"/> can have.</summary>
    public static IReadOnlyList<string> EntityTypes => AuditPolicy.EntityTypes;

    public static string SubjectOf(string entityType, object id) => string.Create(CultureInfo.InvariantCulture, $"{entityType}:{id}");

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            rows = rows.Where(e => e.EntityType == query.EntityType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            rows = rows.Where(e => e.EntityId == query.EntityId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            rows = rows.Where(e => e.Subject == query.Subject.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            var upper = actor.ToUpperInvariant();
#pragma warning disable CA1862 // EF translates ToUpper + Contains on both providers; the StringComparison overload it cannot.
            rows = rows.Where(e => e.ActorId == actor || e.ActorName.ToUpper().Contains(upper));
#pragma warning restore CA1862
        }

        if (query.Action is { } action)
        {
            rows = rows.Where(e => e.Action == action);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(e => e.At < to);
        }

        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var total = await rows.CountAsync(ct);
        var items = await rows
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return new AuditPage(total, page, pageSize, items.Select(ToRecord).ToList());
    }

    /// <summary>Everything that happened to one initiative and its brand ratings, newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> HistoryOfInitiativeAsync(int id, CancellationToken ct)
    {
        var subject = SubjectOf("Initiative", id);
        var items = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == subject)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .ToListAsync(ct);
        return items.Select(ToRecord).ToList();
    }

    private static AuditRecord ToRecord(AuditEntry e) => new(
        e.Id,
        DateTime.SpecifyKind(e.At, DateTimeKind.Utc),
        e.ActorId,
        e.ActorName,
        e.Action,
        e.EntityType,
        e.EntityId,
        e.Subject,
        JsonSerializer.Deserialize<List<AuditChange>>(e.Changes, Json) ?? []);
}
