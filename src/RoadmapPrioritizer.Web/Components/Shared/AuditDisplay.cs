using System.Globalization;
using RoadmapPrioritizer.Infrastructure.Auditing;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>How audit rows read on screen.</summary>
internal static class AuditDisplay
{
    public static string When(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string ActionClass(AuditAction action) => action switch
    {
        AuditAction.Created => "text-bg-success",
        AuditAction.Deleted => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    /// <summary>The page of the record a row belongs to, if it has one: "Initiative:12" -> "/initiatives/12".</summary>
    public static string? Href(string subject) => subject.Split(':', 2) switch
    {
        ["Initiative", var id] => $"/initiatives/{Uri.EscapeDataString(id)}",
        ["Theme", var id] => $"/themes/{Uri.EscapeDataString(id)}",
        ["HorizonLane", _] => "/roadmap",
        _ => null,
    };

    /// <summary>"BrandRating" "12/craft_storytelling" -> "brand rating craft_storytelling"; others by their type.</summary>
    public static string Part(AuditRecord record) => record.EntityType switch
    {
        "BrandRating" => $"brand rating {record.EntityId.Split('/').Last()}",
        var type => type.ToLowerInvariant(),
    };
}
