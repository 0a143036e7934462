namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// Impact per person on Intercom's RICE scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal
/// (Sean McBride, "RICE: Simple prioritization for product managers", Intercom, 2016).
/// </summary>
public readonly record struct Impact
{
    public static readonly Impact Massive = new(3, "Massive");
    public static readonly Impact High = new(2, "High");
    public static readonly Impact Medium = new(1, "Medium");
    public static readonly Impact Low = new(0.5, "Low");
    public static readonly Impact Minimal = new(0.25, "Minimal");

    public static IReadOnlyList<Impact> Scale { get; } = [Massive, High, Medium, Low, Minimal];

    private Impact(double value, string name)
    {
        Value = value;
        Name = name;
    }

    public double Value { get; }

    public string Name { get; }

    public static string? Validate(double value) =>
        Scale.Any(i => i.Value == value) ? null : "Impact must be one of 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal).";

    public static Impact Create(double value)
    {
        DomainException.ThrowIfInvalid(nameof(Impact), Validate(value));
        return Scale.First(i => i.Value == value);
    }

    public override string ToString() => $"{Value:0.##} ({Name.ToLowerInvariant()})";
}
