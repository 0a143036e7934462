namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>People or events reached per quarter (Intercom's RICE "Reach").</summary>
public readonly record struct Reach
{
    /// <summary>A billion a quarter is far beyond any shop; the cap keeps scores finite.</summary>
    public const double Maximum = 1_000_000_000;

    private Reach(double value) => Value = value;

    public double Value { get; }

    public static string? Validate(double value) => value switch
    {
        _ when !double.IsFinite(value) => "Reach must be a number.",
        < 0 => "Reach cannot be negative.",
        > Maximum => $"Reach cannot exceed {Maximum:N0} per quarter.",
        _ => null,
    };

    public static Reach Create(double value)
    {
        DomainException.ThrowIfInvalid(nameof(Reach), Validate(value));
        return new Reach(value);
    }

    public override string ToString() => $"{Value:#,0.##} per quarter";
}
