namespace RoadmapPrioritizer.Infrastructure.Auditing;

/// <summary>
/// Who the changes in this scope are made by. The web host sets it per request from the signed-in
/// user; anything else (start-up seeding, the bootstrap admin, tools) is "system".
/// </summary>
public sealed class AuditActor
{
    public const string SystemName = "system";

    public string? UserId { get; private set; }

    public string Name { get; private set; } = SystemName;

    public void Set(string? userId, string name)
    {
        UserId = string.IsNullOrEmpty(userId) ? null : userId;
        name = string.IsNullOrWhiteSpace(name) ? userId ?? SystemName : name.Trim();
        Name = name.Length > AuditEntry.ActorNameMaxLength ? name[..AuditEntry.ActorNameMaxLength] : name;
    }
}
