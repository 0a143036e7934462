using System.Globalization;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Web.Components.Pages.Imports;

internal static class ImportDisplay
{
    public static string Label(this ImportKind kind) => kind switch
    {
        ImportKind.SurveyResponses => "Survey responses",
        ImportKind.FunnelDaily => "Funnel metrics per day",
        _ => "Orders",
    };

    /// <summary>What the documented columns of a kind add up to, beyond each column's own "required".</summary>
    public static string Rule(this ImportKind kind) => kind switch
    {
        ImportKind.SurveyResponses => "One line per response. Without a survey_type column, choose the survey type of the whole file. Without an id, a response is recognised by its content, so the same export uploaded again adds nothing.",
        ImportKind.FunnelDaily => "One line per day (and segment, if any), with at least one of the counts. A day uploaded again replaces its counts.",
        _ => "One line per order with its total, or one line per item with quantity and unit_price (summed per order id). Cancellations (negative quantity, or an id starting with C) are rejected.",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#' KB'", CultureInfo.InvariantCulture),
        _ => (bytes / (1024.0 * 1024.0)).ToString("0.#' MB'", CultureInfo.InvariantCulture),
    };

    public static string Count(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Time(DateTime utc) => utc.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
