using System.Globalization;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>How incidents are written on the pages; like <see cref="Display"/>, rounding happens only here.</summary>
internal static class IncidentDisplay
{
    public static string Rate(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>"−26.8%" with a real minus sign, as in the explanations.</summary>
    public static string Change(double change) => FunnelAnomalyDetector.Change(change);

    /// <summary>The badge on a linked initiative: "Checkout completed −26.8% w/w".</summary>
    public static string Badge(FunnelIncident incident) => $"{incident.Step.Label()} {Change(incident.ChangePct)} {incident.Rule.Short()}";

    /// <summary>The drop in words: "Checkout completed conversion down 26.8% on the week before (4.1% vs 5.6%)".</summary>
    public static string Drop(FunnelIncident incident) =>
        $"{incident.Step.Label()} conversion down {(-incident.ChangePct).ToString("0.0%", CultureInfo.InvariantCulture)} on {incident.Rule.Phrase()} ({Rate(incident.Observed)} vs {Rate(incident.Baseline)})";

    public static string Rule(IncidentRule rule) => rule == IncidentRule.WeekOverWeek ? "Week over week" : "Against the 28 days before";

    public static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}
