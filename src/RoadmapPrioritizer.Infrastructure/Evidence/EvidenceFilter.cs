using System.Globalization;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Evidence;

/// <summary>
/// Which evidence to look at: the UTC days <see cref="From"/> to <see cref="To"/>, both included,
/// optionally from one source (by name) and, for the reasons breakdown, of one survey type.
/// </summary>
public sealed record EvidenceFilter
{
    public const int DefaultDays = 90;

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public string? Source { get; init; }

    public SurveyType? SurveyType { get; init; }

    /// <summary>The first instant of the period (UTC), included.</summary>
    public DateTime Start => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The first instant after the period (UTC), excluded: midnight after <see cref="To"/>.</summary>
    public DateTime End => To == DateOnly.MaxValue
        ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
        : To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The <see cref="DefaultDays"/> days up to and including today (UTC).</summary>
    public static EvidenceFilter LastDays(TimeProvider time, int days = DefaultDays)
    {
        var today = Today(time);
        return new EvidenceFilter { From = DaysUpTo(today, days), To = today };
    }

    private static DateOnly DaysUpTo(DateOnly to, int days) => to.DayNumber < days ? DateOnly.MinValue : to.AddDays(1 - days);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Reads the filter from query text. A missing "to" is today and a missing "from" the
    /// <see cref="DefaultDays"/> days up to "to"; a value that does not parse, or "from" after "to",
    /// is reported in <paramref name="errors"/> under its field name.
    /// </summary>
    public static EvidenceFilter Parse(string? from, string? to, string? source, string? surveyType, TimeProvider time, FieldErrors errors)
    {
        var toDate = ParseDate(to, "to", errors) ?? Today(time);
        var fromDate = ParseDate(from, "from", errors) ?? DaysUpTo(toDate, DefaultDays);
        if (fromDate > toDate)
        {
            errors.Add("from", $"from ({fromDate:yyyy-MM-dd}) is after to ({toDate:yyyy-MM-dd}).");
        }

        SurveyType? type = null;
        if (!string.IsNullOrWhiteSpace(surveyType))
        {
            type = SurveyTypes.Parse(surveyType);
            errors.Add("surveyType", type is null ? $"surveyType must be one of {SurveyTypes.Expected}." : null);
        }

        return new EvidenceFilter
        {
            From = fromDate,
            To = toDate,
            Source = string.IsNullOrWhiteSpace(source) ? null : source.Trim(),
            SurveyType = type,
        };
    }

    private static DateOnly? ParseDate(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, $"{field} must be a date written like 2026-11-22.");
        return null;
    }
}
