namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// How sure we are of reach, impact and effort, as a fraction in (0, 1]. Intercom's presets are
/// 100% high, 80% medium, 50% low; "anything below that is total moonshot".
/// </summary>
public readonly record struct Confidence
{
    public static readonly Confidence High = new(1.0);
    public static readonly Confidence Medium = new(0.8);
    public static readonly Confidence Low = new(0.5);

    private Confidence(double value) => Value = value;

    public double Value { get; }

    public bool IsMoonshot => Value < Low.Value;

    public string Label => Value switch
    {
        >= 1.0 => "High",
        >= 0.8 => "Medium",
        >= 0.5 => "Low",
        _ => "Moonshot",
    };

    public static string? Validate(double value) => value switch
    {
        _ when !double.IsFinite(value) => "Confidence must be a number.",
        <= 0 => "Confidence must be above 0 (use 0.5 for low, 0.8 for medium, 1 for high).",
        > 1 => "Confidence cannot exceed 1 (100%).",
        _ => null,
    };

    public static Confidence Create(double value)
    {
        DomainException.ThrowIfInvalid(nameof(Confidence), Validate(value));
        return new Confidence(value);
    }

    public override string ToString() => $"{Value:0.##%} ({Label.ToLowerInvariant()})";
}
