using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>How the rescore reads evidence (section <c>Rescoring</c>), validated at start-up.</summary>
public sealed class RescoreOptions
{
    public const string Section = "Rescoring";

    public int WindowDays { get; set; } = RescoreRules.Default.WindowDays;

    public int StaleAfterDays { get; set; } = RescoreRules.Default.StaleAfterDays;

    public double RequestBoostPerQuarter { get; set; } = RescoreRules.Default.RequestBoostPerQuarter;

    public RescoreRules Rules => new(WindowDays, StaleAfterDays, RequestBoostPerQuarter);
}

internal sealed class RescoreOptionsValidator : IValidateOptions<RescoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RescoreOptions options) =>
        RescoreRules.Validate(options.Rules) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
