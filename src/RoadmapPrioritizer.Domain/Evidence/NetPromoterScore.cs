namespace RoadmapPrioritizer.Domain.Evidence;

public enum NpsCategory
{
    Detractor,
    Passive,
    Promoter,
}

/// <summary>
/// Net Promoter Score as Bain &amp; Company define it (Reichheld, "The One Number You Need to Grow",
/// HBR 2003; bain.com "Measuring Your Net Promoter Score"): on the 0-10 "how likely are you to
/// recommend us" answer, 9-10 are promoters, 7-8 passives, 0-6 detractors, and
/// NPS = % promoters − % detractors, from −100 to 100. Kept unrounded; only the display rounds.
/// </summary>
public readonly record struct NetPromoterScore(int Promoters, int Passives, int Detractors)
{
    public const int PromoterFrom = 9;
    public const int PassiveFrom = 7;

    public int Responses => Promoters + Passives + Detractors;

    /// <summary>Null with no responses: no score, rather than a score of 0.</summary>
    public double? Value => Responses == 0 ? null : 100.0 * (Promoters - Detractors) / Responses;

    public static NpsCategory Categorize(double score) => score switch
    {
        >= PromoterFrom => NpsCategory.Promoter,
        >= PassiveFrom => NpsCategory.Passive,
        _ => NpsCategory.Detractor,
    };

    public static NetPromoterScore operator +(NetPromoterScore a, NetPromoterScore b) =>
        new(a.Promoters + b.Promoters, a.Passives + b.Passives, a.Detractors + b.Detractors);
}
