namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>RICE as defined by Intercom: reach x impact x confidence / effort. Stored and compared unrounded.</summary>
public readonly record struct RiceScore(Reach Reach, Impact Impact, Confidence Confidence, Effort Effort)
{
    public double Value => Reach.Value * Impact.Value * Confidence.Value / Effort.Value;

    public static RiceScore Calculate(Reach reach, Impact impact, Confidence confidence, Effort effort) =>
        new(reach, impact, confidence, effort);

    /// <summary>The arithmetic a person can redo by hand, e.g. "450 × 3 × 100% ÷ 2 = 675".</summary>
    public string Explain() =>
        $"{Reach.Value:#,0.##} × {Impact.Value:0.##} × {Confidence.Value:0.##%} ÷ {Effort.Value:0.##} = {Value:N1}";
}
