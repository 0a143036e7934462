namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>How well one initiative fits one brand criterion, 0 (not at all) to 5 (defines the brand).</summary>
public sealed class BrandRating
{
    public const int Min = 0;
    public const int Max = 5;

    private BrandRating(string criterionKey, int rating)
    {
        CriterionKey = criterionKey;
        Rating = rating;
    }

    public string CriterionKey { get; private set; }

    public int Rating { get; private set; }

    public static string? Validate(double rating) =>
        double.IsFinite(rating) && rating == Math.Floor(rating) && rating is >= Min and <= Max
            ? null
            : $"Rating must be a whole number from {Min} to {Max}.";

    public static BrandRating Create(string criterionKey, int rating)
    {
        DomainException.ThrowIfInvalid(criterionKey, Validate(rating));
        return new BrandRating(criterionKey, rating);
    }

    internal void Change(int rating)
    {
        DomainException.ThrowIfInvalid(CriterionKey, Validate(rating));
        Rating = rating;
    }
}
