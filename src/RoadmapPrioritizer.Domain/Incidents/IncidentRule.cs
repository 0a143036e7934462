namespace RoadmapPrioritizer.Domain.Incidents;

/// <summary>Which baseline a step's conversion fell below.</summary>
public enum IncidentRule
{
    /// <summary>The 7 days before the observed week.</summary>
    WeekOverWeek,

    /// <summary>The 28 days before the observed week.</summary>
    TrailingBaseline,
}

public static class IncidentRules
{
    /// <summary>How the baseline is named in a sentence: "this week vs 5.6% the week before".</summary>
    public static string Phrase(this IncidentRule rule) => rule == IncidentRule.WeekOverWeek ? "the week before" : "the 28 days before";

    /// <summary>The short form of a badge: "−27% w/w".</summary>
    public static string Short(this IncidentRule rule) => rule == IncidentRule.WeekOverWeek ? "w/w" : "vs 28 days";
}
