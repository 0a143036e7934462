using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Incidents;

namespace RoadmapPrioritizer.Infrastructure.Incidents;

/// <summary>When a funnel fall is an incident (section <c>Incidents</c>), validated at start-up.</summary>
public sealed class IncidentOptions
{
    public const string Section = "Incidents";

    /// <summary>The fall against a baseline that raises an incident, as a fraction: 0.2 is 20%.</summary>
    public double DropThreshold { get; set; } = IncidentThresholds.DefaultDropThreshold;

    /// <summary>People needed at the step before in the observed week for a step to be judged at all.</summary>
    public long MinimumVolume { get; set; } = IncidentThresholds.DefaultMinimumVolume;

    public IncidentThresholds Thresholds => IncidentThresholds.Create(DropThreshold, MinimumVolume);
}

internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options)
    {
        var failures = new List<string>();
        if (IncidentThresholds.ValidateDropThreshold(options.DropThreshold) is { } threshold)
        {
            failures.Add($"Incidents:DropThreshold {options.DropThreshold}: {threshold}");
        }

        if (IncidentThresholds.ValidateMinimumVolume(options.MinimumVolume) is { } volume)
        {
            failures.Add($"Incidents:MinimumVolume {options.MinimumVolume}: {volume}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class IncidentsSetup
{
    /// <summary>The incident service and its options; a bad setting stops the app at start-up rather than at the first nightly run.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IncidentOptions>().Bind(configuration.GetSection(IncidentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>();
        services.AddScoped<IncidentService>();
        return services;
    }
}
