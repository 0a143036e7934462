using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Web.Components.Shared;

/// <summary>The "add a source" form as posted: the common settings as fields, anything else as key=value lines.</summary>
public sealed class SourceForm
{
    /// <summary>Settings the connectors read, offered as their own fields.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, string Hint)> KnownSettings =
    [
        ("baseUrl", "Base URL", "only to reach the service through a proxy or test server"),
        ("shop", "Shop", "Shopify: your-shop.myshopify.com"),
        ("propertyId", "Property id", "GA4: the numeric property id"),
        ("accountId", "Account id", "the account or portal id, where the service has one"),
    ];

    public string? Kind { get; set; } = "Zigpoll";

    public string? Name { get; set; }

    public string? Cron { get; set; }

    /// <summary>Write-only: never rendered back into the page, not even after a refused post.</summary>
    public string? Secret { get; set; }

    /// <summary>The known settings by key; a post without any of their fields binds null, read as none.</summary>
    public Dictionary<string, string?> Settings { get; set => field = value ?? []; } = [];

    /// <summary>More settings, one "key=value" per line.</summary>
    public string? OtherSettings { get; set; }

    /// <summary>The input for <see cref="SourceService"/>, or the message for the first line that is not key=value.</summary>
    public (SourceInput? Input, string? Error) ToInput()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Settings)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                settings[key] = value.Trim();
            }
        }

        if (ParseLines(OtherSettings, settings, "other settings") is { } error)
        {
            return (null, error);
        }

        return (new SourceInput(Kind, Name, string.IsNullOrWhiteSpace(Cron) ? null : Cron, string.IsNullOrEmpty(Secret) ? null : Secret, settings), null);
    }

    /// <summary>Adds each "key=value" line to <paramref name="settings"/>; the message for the first line that is not one, or null.</summary>
    public static string? ParseLines(string? lines, Dictionary<string, string> settings, string what)
    {
        var split = (lines ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < split.Length; i++)
        {
            var equals = split[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return $"Line {i + 1} of the {what} is not key=value.";
            }

            settings[split[i][..equals].Trim()] = split[i][(equals + 1)..].Trim();
        }

        return null;
    }

    /// <summary>A source's settings as the lines the settings box takes back.</summary>
    public static string ToLines(IReadOnlyDictionary<string, string> settings) =>
        string.Join('\n', settings.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>The fields of errors about settings that have no input of their own, shown under the key=value lines.</summary>
    public static IEnumerable<string> OtherSettingErrors(IReadOnlyDictionary<string, string[]> errors, bool knownHaveInputs) =>
        errors.Keys.Where(k => k.StartsWith("settings.", StringComparison.Ordinal)
            && !(knownHaveInputs && KnownSettings.Any(s => k == $"settings.{s.Key}")));
}
