using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Auditing;

/// <summary>One field of an audited record: its stored value before and after, as invariant text (null: none).</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>
/// Turns the change tracker's pending work into audit rows. Updates and deletes are described before
/// the save (their old values are gone after it); creations after it, once the database has given
/// them their ids.
/// </summary>
internal sealed class AuditRecorder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Stored text, always HTML-encoded when shown; keeps accents and quotes readable in the database.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<Pending> _pending = [];

    private AuditRecorder()
    {
    }

    public bool IsEmpty => _pending.Count == 0;

    /// <param name="entries">The tracked entries to describe (from <c>ChangeTracker.Entries()</c>, which detects changes first, as SaveChanges does).</param>
    public static async Task<AuditRecorder> CaptureAsync(DbContext db, IEnumerable<EntityEntry> entries, CancellationToken ct)
    {
        var recorder = new AuditRecorder();
        foreach (var entry in entries.ToList())
        {
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Modified => AuditAction.Updated,
                EntityState.Deleted => AuditAction.Deleted,
                _ => (AuditAction?)null,
            };
            if (action is not { } a || AuditPolicy.NameOf(entry.Metadata) is not { } name)
            {
                continue;
            }

            var pending = new Pending(entry, a, name);
            if (a != AuditAction.Created && !await pending.DescribeAsync(db, ct))
            {
                continue; // only unrecorded fields changed, e.g. a token's last use
            }

            recorder._pending.Add(pending);
        }

        return recorder;
    }

    /// <summary>Writes the rows after the change itself was saved, in its transaction; the change tracker is left alone.</summary>
    public async Task WriteAsync(DbContext db, AuditActor actor, DateTime at, CancellationToken ct)
    {
        foreach (var pending in _pending.Where(p => p.Action == AuditAction.Created))
        {
            await pending.DescribeAsync(db, ct);
        }

        // Rows go in as SQL rather than through the change tracker, so that a failure leaves the tracker
        // exactly as a failed SaveChanges would, and acceptAllChangesOnSuccess keeps its meaning.
        await BulkRows.InsertAsync(db, _pending.Select(p => p.ToEntry(actor, at)).ToList(), ct);
    }

    private sealed class Pending(EntityEntry entry, AuditAction action, string entityType)
    {
        private IReadOnlyList<AuditChange> _changes = [];
        private string _entityId = string.Empty;
        private string _subject = string.Empty;

        public AuditAction Action => action;

        /// <summary>Reads ids and values; false when no recorded field changed.</summary>
        public async Task<bool> DescribeAsync(DbContext db, CancellationToken ct)
        {
            var type = entry.Metadata;
            _entityId = Key(type.FindPrimaryKey()!.Properties);
            var parent = type.FindOwnership()
                ?? type.GetForeignKeys().FirstOrDefault(fk => fk.PrincipalEntityType.ClrType == typeof(Initiative))
                ?? type.GetForeignKeys().FirstOrDefault(fk => fk.PrincipalEntityType.ClrType == typeof(AppUser));
            _subject = parent is null
                ? $"{entityType}:{_entityId}"
                : $"{AuditPolicy.NameOf(parent.PrincipalEntityType)}:{Key(parent.Properties)}";

            var changes = new List<AuditChange>();
            foreach (var property in type.GetProperties().Where(AuditPolicy.Records))
            {
                var value = entry.Property(property);
                if (action == AuditAction.Updated && !value.IsModified)
                {
                    continue; // a rescore updates thousands of rows at once, a few fields each
                }

                var before = action == AuditAction.Created ? null : AuditValues.Format(property, value.OriginalValue);
                var after = action == AuditAction.Deleted ? null : AuditValues.Format(property, value.CurrentValue);
                if (before != after)
                {
                    changes.Add(new AuditChange(JsonNamingPolicy.CamelCase.ConvertName(property.Name), before, after));
                }
            }

            // A role assignment names its role, not only the role's id.
            if (entry.Entity is IdentityUserRole<string> assignment && action != AuditAction.Updated)
            {
                var role = (await db.Set<IdentityRole>().FindAsync([assignment.RoleId], ct))?.Name;
                changes.Add(action == AuditAction.Created ? new AuditChange("role", null, role) : new AuditChange("role", role, null));
            }

            _changes = changes;
            return changes.Count > 0;
        }

        public AuditEntry ToEntry(AuditActor actor, DateTime at) =>
            new(at, actor.UserId, actor.Name, action, entityType, _entityId, _subject, JsonSerializer.Serialize(_changes, Json));

        private string Key(IReadOnlyList<IProperty> properties) => string.Join('/', properties.Select(p =>
        {
            var value = entry.Property(p);
            return AuditValues.Format(p, action == AuditAction.Deleted ? value.OriginalValue : value.CurrentValue);
        }));
    }
}

/// <summary>Values as the database stores them (after value converters), in invariant text.</summary>
internal static class AuditValues
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static string? Format(IReadOnlyProperty property, object? value)
    {
        if (value is not null && property.GetValueConverter() is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        return value switch
        {
            null => null,
            string s => s,
            bool b => b ? "true" : "false",

            // Every DateTime here is UTC; SQLite reads them back unspecified, so the kind is not trusted.
            DateTime d => d.ToString(UtcFormat, CultureInfo.InvariantCulture),
            DateTimeOffset o => o.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
