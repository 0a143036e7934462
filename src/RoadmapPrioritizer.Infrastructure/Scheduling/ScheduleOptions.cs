using Microsoft.Extensions.Options;
using Quartz;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>When scheduled work runs (section <c>Scheduling</c>), validated at start-up.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Scheduling";

    /// <summary>The shop's time zone (IANA id, e.g. "Europe/London"): cron schedules and the nightly slot are read in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Quartz cron (seconds first) of the nightly rescore; 02:00 in <see cref="TimeZone"/> by default.</summary>
    public string NightlyRescoreCron { get; set; } = "0 0 2 * * ?";

    /// <summary>Off: no scheduler runs in this process, nothing is pulled on schedule and "Run now" is refused.</summary>
    public bool Enabled { get; set; } = true;

    public TimeZoneInfo ShopTimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Scheduling:TimeZone '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as \"Europe/London\" or \"UTC\".");
        }

        if (string.IsNullOrWhiteSpace(options.NightlyRescoreCron) || !CronExpression.TryParse(options.NightlyRescoreCron, out _))
        {
            failures.Add($"Scheduling:NightlyRescoreCron '{options.NightlyRescoreCron}' is not a Quartz cron expression (seconds first), e.g. \"0 0 2 * * ?\" for 02:00 daily.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
