using System.Globalization;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// The settings of a Csv source that reads an import folder: <c>folder</c> (an absolute path on the
/// server), <c>kind</c> (survey-responses, funnel-daily or orders), the reading options uploads take
/// (<c>dateFormat</c>, <c>currency</c>, <c>surveyType</c>) and <c>settleSeconds</c>, how long a file
/// must be left alone before it is read. A Csv source without <c>folder</c> only receives uploads.
/// </summary>
public sealed record CsvFolderSettings(string Folder, ImportOptions Options, TimeSpan Settle)
{
    public const string FolderKey = "folder";
    public const string KindKey = "kind";
    public const string DateFormatKey = "dateFormat";
    public const string CurrencyKey = "currency";
    public const string SurveyTypeKey = "surveyType";
    public const string SettleSecondsKey = "settleSeconds";

    public const int DefaultSettleSeconds = 10;
    public const int MaxSettleSeconds = 86_400;

    /// <summary>Where stored files go, and files that cannot be imported at all, inside the folder.</summary>
    public const string ImportedFolder = "imported";
    public const string FailedFolder = "failed";

    private static readonly string[] FolderOnlyKeys = [KindKey, DateFormatKey, CurrencyKey, SurveyTypeKey, SettleSecondsKey];

    /// <summary>A Csv source with a folder is pulled on a schedule like the connectors; one without receives uploads.</summary>
    public static bool IsFolderSource(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(FolderKey, out var folder) && !string.IsNullOrWhiteSpace(folder);

    /// <summary>What is wrong with a Csv source's settings, by setting name; nothing for an upload source with none of them.</summary>
    public static IEnumerable<(string Key, string Message)> Validate(IReadOnlyDictionary<string, string> settings)
    {
        if (!IsFolderSource(settings))
        {
            if (FolderOnlyKeys.Any(k => settings.TryGetValue(k, out var value) && !string.IsNullOrWhiteSpace(value)))
            {
                yield return (FolderKey, "A Csv source with import settings reads a folder: give folder, an absolute path on the server (or leave the settings out for a source that receives uploads).");
            }

            yield break;
        }

        if (FolderProblem(settings[FolderKey].Trim()) is { } folderProblem)
        {
            yield return (FolderKey, folderProblem);
        }

        var kind = Setting(settings, KindKey);
        if (kind is null)
        {
            yield return (KindKey, "A folder source needs kind: survey-responses, funnel-daily or orders.");
        }
        else if (CsvFields.FromRouteName(kind) is null)
        {
            yield return (KindKey, $"Unknown kind '{Money.Shorten(kind)}': use survey-responses, funnel-daily or orders.");
        }

        if (Setting(settings, DateFormatKey) is { } format && !IsDateFormat(format))
        {
            yield return (DateFormatKey, "dateFormat must be a .NET date format such as dd/MM/yyyy HH:mm.");
        }

        if (Setting(settings, CurrencyKey) is { } currency && Money.ValidateCurrency(currency) is { } currencyError)
        {
            yield return (CurrencyKey, currencyError);
        }

        if (Setting(settings, SurveyTypeKey) is { } type && SurveyTypes.Parse(type) is null)
        {
            yield return (SurveyTypeKey, $"Survey type must be one of {SurveyTypes.Expected}.");
        }

        if (Setting(settings, SettleSecondsKey) is { } settle && ParseSettle(settle) is null)
        {
            yield return (SettleSecondsKey, $"settleSeconds must be a whole number of seconds from 0 to {MaxSettleSeconds}.");
        }
    }

    /// <summary>The folder source's settings, checked again at run time (the folder may have gone since it was configured).</summary>
    /// <exception cref="ConnectorException">A setting is missing or wrong; the message names it.</exception>
    public static CsvFolderSettings Read(SourceConnection source)
    {
        if (!IsFolderSource(source.Settings))
        {
            throw new ConnectorException($"Source '{source.Name}' has no folder setting: it receives uploads, and there is nothing to pull.");
        }

        if (Validate(source.Settings).FirstOrDefault() is { Key: not null } problem)
        {
            throw new ConnectorException($"Source '{source.Name}': {problem.Key}: {problem.Message}");
        }

        return new CsvFolderSettings(
            source.RequiredSetting(FolderKey),
            new ImportOptions
            {
                Kind = CsvFields.FromRouteName(source.RequiredSetting(KindKey))!.Value,
                Source = source.Name,
                DateFormat = source.Setting(DateFormatKey),
                Currency = source.Setting(CurrencyKey)?.ToUpperInvariant(),
                SurveyType = SurveyTypes.Parse(source.Setting(SurveyTypeKey)),
            },
            TimeSpan.FromSeconds(source.Setting(SettleSecondsKey) is { } settle ? ParseSettle(settle)!.Value : DefaultSettleSeconds));
    }

    private static string? FolderProblem(string folder)
    {
        if (!Path.IsPathFullyQualified(folder))
        {
            return $"folder must be an absolute path on the server (such as /srv/roadmap/imports), not '{folder}'.";
        }

        if (!Directory.Exists(folder))
        {
            return $"The folder {folder} does not exist on the server (or the app may not see it).";
        }

        try
        {
            using var files = Directory.EnumerateFiles(folder).GetEnumerator();
            _ = files.MoveNext();
            return null;
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            return $"The app cannot read the folder {folder}: {error.Message}";
        }
    }

    private static string? Setting(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int? ParseSettle(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxSettleSeconds ? seconds : null;

    /// <summary>A format .NET can write a date with; whether a file's dates match it is for each line to say.</summary>
    private static bool IsDateFormat(string format)
    {
        try
        {
            _ = new DateTime(2026, 11, 2, 14, 30, 0, DateTimeKind.Utc).ToString(format, CultureInfo.InvariantCulture);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
