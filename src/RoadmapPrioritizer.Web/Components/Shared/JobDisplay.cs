using System.Globalization;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>Times on the jobs page are shown in the shop's time zone (Scheduling:TimeZone), as its schedules are read.</summary>
internal static class JobDisplay
{
    public static string When(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } value ? When(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)), zone) : "–";

    public static string When(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, zone).ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "–",
        { TotalSeconds: < 60 } d => d.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture),
        { TotalHours: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes} min {d.Seconds} s"),
        var d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.Value.TotalHours} h {d.Value.Minutes} min"),
    };

    public static string Counts(ImportRun run) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Added:#,0} added · {run.AlreadyPresent:#,0} already present · {run.Rejected:#,0} rejected");

    public static string StateBadge(RunState state) => state switch
    {
        RunState.Succeeded => "text-bg-success",
        RunState.Failed => "text-bg-danger",
        _ => "text-bg-info",
    };
}
