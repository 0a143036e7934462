namespace RoadmapPrioritizer.Domain.Incidents;

/// <summary>
/// When a fall in a step's conversion is an incident: a drop of at least <see cref="DropThreshold"/>
/// (0.2 = 20%) against a baseline, judged only when the observed week had at least
/// <see cref="MinimumVolume"/> people at the step before, so a quiet week's noise raises nothing.
/// </summary>
public readonly record struct IncidentThresholds
{
    public const double DefaultDropThreshold = 0.2;
    public const long DefaultMinimumVolume = 100;

    public static readonly IncidentThresholds Default = new(DefaultDropThreshold, DefaultMinimumVolume);

    private IncidentThresholds(double dropThreshold, long minimumVolume) => (DropThreshold, MinimumVolume) = (dropThreshold, minimumVolume);

    public double DropThreshold { get; }

    public long MinimumVolume { get; }

    public static string? ValidateDropThreshold(double value) => value switch
    {
        _ when !double.IsFinite(value) => "The drop threshold must be a number.",
        <= 0 or >= 1 => "The drop threshold must be a fraction between 0 and 1 (0.2 for a 20% fall).",
        _ => null,
    };

    public static string? ValidateMinimumVolume(long value) =>
        value < 1 ? "The minimum volume must be at least 1 person at the step before." : null;

    public static IncidentThresholds Create(double dropThreshold, long minimumVolume)
    {
        DomainException.ThrowIfInvalid(nameof(DropThreshold), ValidateDropThreshold(dropThreshold));
        DomainException.ThrowIfInvalid(nameof(MinimumVolume), ValidateMinimumVolume(minimumVolume));
        return new IncidentThresholds(dropThreshold, minimumVolume);
    }
}
