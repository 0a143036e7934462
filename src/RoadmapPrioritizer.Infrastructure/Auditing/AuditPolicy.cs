using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Infrastructure.Auditing;

/// <summary>What the audit trail records, under which names, and what it must never record.</summary>
internal static class AuditPolicy
{
    /// <summary>Stored with every row, so they must not follow class renames.</summary>
    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(Theme)] = "Theme",
        [typeof(Initiative)] = "Initiative",
        [typeof(BrandRating)] = "BrandRating",
        [typeof(BrandCriterion)] = "BrandCriterion",
        [typeof(HorizonLane)] = "HorizonLane",
        [typeof(AppUser)] = "User",
        [typeof(IdentityRole)] = "Role",
        [typeof(IdentityUserRole<string>)] = "UserRole",
        [typeof(IdentityUserClaim<string>)] = "UserClaim",
        [typeof(IdentityUserLogin<string>)] = "UserLogin",
        [typeof(IdentityRoleClaim<string>)] = "RoleClaim",
        [typeof(ApiToken)] = "ApiToken",
        [typeof(Comment)] = "Comment",
        [typeof(EvidenceSource)] = "EvidenceSource",
        [typeof(EvidenceLink)] = "EvidenceLink",
        [typeof(InputLock)] = "InputLock",
    };

    /// <summary>
    /// The trail itself, the keys that sign cookies, Identity's user tokens (authenticator keys,
    /// recovery codes), and imported evidence with its runs: evidence is data from elsewhere, not an
    /// edit, and each import run is its own record of who brought what in when; uploads waiting to be
    /// confirmed are transient copies of a file, and their import run records them once confirmed;
    /// rescore runs and their snapshots are themselves the record of what the rescore did (the input
    /// changes it makes to initiatives are audited as the system's edits). Funnel incidents are made
    /// and closed by the system from that evidence, never edited by a person, and each row is already
    /// its own history (opened, last checked, closed, with the arithmetic).
    /// </summary>
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditEntry), typeof(DataProtectionKey), typeof(IdentityUserToken<string>),
        typeof(ImportRun), typeof(SurveyResponse), typeof(Order), typeof(AbandonedCheckout), typeof(FunnelDay),
        typeof(PendingImport), typeof(Rescoring.RescoreRun), typeof(ScoreSnapshot), typeof(FunnelIncident),
    ];

    /// <summary>
    /// Secrets, never written anywhere in the trail; API-token use, which changes on every request and
    /// is not an edit; and edit versions, which every update bumps (the entry itself is the new version).
    /// </summary>
    private static readonly HashSet<(Type, string)> IgnoredProperties =
    [
        (typeof(AppUser), nameof(AppUser.PasswordHash)),
        (typeof(AppUser), nameof(AppUser.SecurityStamp)),
        (typeof(AppUser), nameof(AppUser.ConcurrencyStamp)),
        (typeof(IdentityRole), nameof(IdentityRole.ConcurrencyStamp)),
        (typeof(ApiToken), nameof(ApiToken.Hash)),
        (typeof(ApiToken), nameof(ApiToken.LastUsedAt)),
        (typeof(Theme), nameof(Theme.Version)),
        (typeof(Initiative), nameof(Initiative.Version)),
        (typeof(EvidenceSource), nameof(EvidenceSource.ProtectedSecret)),
        (typeof(EvidenceSource), nameof(EvidenceSource.Cursor)),
    ];

    public static IReadOnlyList<string> EntityTypes { get; } = Names.Values.Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether the policy says something about <paramref name="clrType"/>; a test holds every mapped type to this.</summary>
    public static bool Covers(Type clrType) => Names.ContainsKey(clrType) || NotAudited.Contains(clrType);

    /// <summary>The stable name of an audited type, or null when the type is not audited.</summary>
    public static string? NameOf(IReadOnlyTypeBase type) =>
        NotAudited.Contains(type.ClrType) ? null : Names.GetValueOrDefault(type.ClrType) ?? type.ClrType.Name;

    public static bool Records(IProperty property) => !IgnoredProperties.Contains((property.DeclaringType.ClrType, property.Name));
}
