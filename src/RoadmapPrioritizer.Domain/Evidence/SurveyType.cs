namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>What a survey asked about; the names are the ones the API and CSV files use.</summary>
public enum SurveyType
{
    ExitIntent,
    PostPurchase,
    NPS,
    CSAT,
    CES,
    FeatureRequest,
    Custom,
}

public static class SurveyTypes
{
    private static readonly SurveyType[] Values = Enum.GetValues<SurveyType>();
    private static readonly string[] Names = [.. Values.Select(v => v.ToString())];

    /// <summary>
    /// Reads a survey type the way exports spell it: "NPS", "nps", "exit-intent", "Exit intent",
    /// "post_purchase", "feature request" all work.
    /// </summary>
    public static SurveyType? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Every line of a survey file passes here, so the key is built on the stack rather than through LINQ.
        Span<char> key = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                key[length++] = c;
            }
        }

        for (var i = 0; i < Names.Length; i++)
        {
            if (key[..length].Equals(Names[i], StringComparison.OrdinalIgnoreCase))
            {
                return Values[i];
            }
        }

        return null;
    }

    public static string Expected { get; } = string.Join(", ", Enum.GetNames<SurveyType>());
}
