namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// The score that ranks: RICE x brand-alignment multiplier (0.5-1.5). Evidence drives RICE; brand fit
/// can halve or lift it by half, never replace it. See <see cref="BrandAlignment"/> for the reason.
/// </summary>
public sealed record PriorityScore(RiceScore Rice, BrandAlignment Alignment)
{
    public double Value => Rice.Value * Alignment.Multiplier;

    public static PriorityScore Calculate(RiceScore rice, BrandAlignment alignment) => new(rice, alignment);

    public string Explain() => $"{Rice.Value:N1} × {Alignment.Multiplier:0.###} = {Value:N1}";
}
