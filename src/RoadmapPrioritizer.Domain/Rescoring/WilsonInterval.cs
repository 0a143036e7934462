namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>
/// The Wilson score interval for a proportion (E. B. Wilson, "Probable inference, the law of
/// succession, and statistical inference", JASA 22, 1927): with p = k/n and z the normal quantile,
/// centre = (p + z²/2n) / (1 + z²/n) and half-width = z / (1 + z²/n) × √(p(1−p)/n + z²/4n²).
/// Unlike p ± z√(p(1−p)/n) it stays inside [0, 1] and stays honest for small n and p near 0 or 1.
/// </summary>
public readonly record struct WilsonInterval(double Lower, double Upper)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public double Width => Upper - Lower;

    public static WilsonInterval Calculate(int successes, int trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return new WilsonInterval(0, 1);
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Successes must be between 0 and the number of trials.");
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
