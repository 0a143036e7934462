using System.Globalization;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>Rounding happens here and only here: stored and computed scores stay exact.</summary>
internal static class Display
{
    public static string Score(double value) => value.ToString(value >= 100 ? "#,0" : "#,0.#", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => fraction.ToString("0.##%", CultureInfo.InvariantCulture);

    /// <summary>Round-trip text for form fields, so saving a form never rounds a stored value.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Fit(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);
}
