namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>Total team effort in person-months (Intercom's RICE "Effort").</summary>
public readonly record struct Effort
{
    /// <summary>About two working hours: below this an estimate is noise, and scores would overflow.</summary>
    public const double Minimum = 0.01;

    /// <summary>A hundred person-years; beyond it, split the initiative.</summary>
    public const double Maximum = 1200;

    private Effort(double value) => Value = value;

    public double Value { get; }

    public static string? Validate(double value) => value switch
    {
        _ when !double.IsFinite(value) => "Effort must be a number.",
        <= 0 => "Effort must be more than 0 person-months.",
        < Minimum => $"Effort must be at least {Minimum} person-months.",
        > Maximum => $"Effort cannot exceed {Maximum:N0} person-months; split the initiative.",
        _ => null,
    };

    public static Effort Create(double value)
    {
        DomainException.ThrowIfInvalid(nameof(Effort), Validate(value));
        return new Effort(value);
    }

    public override string ToString() => $"{Value:0.##} person-months";
}
