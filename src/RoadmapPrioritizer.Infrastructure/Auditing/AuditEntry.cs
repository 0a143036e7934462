namespace RoadmapPrioritizer.Infrastructure.Auditing;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// One row of the audit trail: who created, changed or deleted which record, when, and each field's
/// value before and after. Written by <see cref="Persistence.RoadmapDbContext"/> in the same
/// transaction as the change itself; never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    public const int ActorNameMaxLength = 256;
    public const int EntityTypeMaxLength = 40;
    public const int EntityIdMaxLength = 200;
    public const int SubjectMaxLength = EntityTypeMaxLength + 1 + EntityIdMaxLength;

    internal AuditEntry(DateTime at, string? actorId, string actorName, AuditAction action, string entityType, string entityId, string subject, string changes)
    {
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Subject = subject;
        Changes = changes;
    }

    public long Id { get; private set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; private set; }

    /// <summary>The user's id; null for the system (start-up seeding, bootstrap) and anonymous requests.</summary>
    public string? ActorId { get; private set; }

    /// <summary>The user's name at the time, or "system" / "anonymous".</summary>
    public string ActorName { get; private set; }

    public AuditAction Action { get; private set; }

    /// <summary>A stable name such as "Initiative", "BrandRating", "User" or "ApiToken".</summary>
    public string EntityType { get; private set; }

    /// <summary>The record's key; parts of a composite key are joined with "/" (e.g. "12/craft_storytelling").</summary>
    public string EntityId { get; private set; }

    /// <summary>
    /// Whose history this row belongs to, as "Type:id": the record itself, or the record that owns it
    /// (a brand rating belongs to "Initiative:12"; a role assignment or API token to "User:&lt;id&gt;").
    /// </summary>
    public string Subject { get; private set; }

    /// <summary>JSON <c>[{"field", "before", "after"}]</c>; values are invariant text as stored, null when absent.</summary>
    public string Changes { get; private set; }
}
