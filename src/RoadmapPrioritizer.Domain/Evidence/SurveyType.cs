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

        var key = new string(text.Where(char.IsLetterOrDigit).ToArray());
        foreach (var type in Enum.GetValues<SurveyType>())
        {
            if (string.Equals(type.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return null;
    }

    public static string Expected { get; } = string.Join(", ", Enum.GetNames<SurveyType>());
}
