using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// A configured place evidence comes from: a pull connector with its schedule, a webhook, or a name
/// that CSV uploads are filed under. Its secret is stored encrypted and never shown again.
/// </summary>
public sealed class EvidenceSource
{
    public const int NameMaxLength = 100;
    public const int CronMaxLength = 120;
    public const int SettingsMaxLength = 4000;
    public const int CursorMaxLength = 4000;
    public const int ProtectedSecretMaxLength = 16_000;

    /// <summary>Quartz cron: second 0, minute 0 of every hour.</summary>
    public const string HourlyCron = "0 0 * * * ?";

    public int Id { get; private set; }

    public SourceKind Kind { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>When a pulled source runs (Quartz cron, in the shop's time zone); null for uploads, webhooks and on demand only.</summary>
    public string? Cron { get; private set; }

    /// <summary>Paused sources are not pulled on schedule and their webhooks are refused.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>Non-secret settings (base URL, shop, property id...) as a JSON object of strings.</summary>
    public string SettingsJson { get; private set; } = "{}";

    /// <summary>The secret (API key, token, service-account key, webhook signing secret), encrypted with Data Protection.</summary>
    public string? ProtectedSecret { get; private set; }

    /// <summary>Where the next pull resumes; saved in the same transaction as the records it covers.</summary>
    public string? Cursor { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public bool IsPulled => Pulls(Kind, ReadSettings());

    /// <summary>Connectors pull on a schedule, and so does a Csv source with an import folder; uploads and webhooks are received.</summary>
    public static bool Pulls(SourceKind kind, IReadOnlyDictionary<string, string> settings) => kind switch
    {
        SourceKind.Csv => CsvFolderSettings.IsFolderSource(settings),
        SourceKind.Webhook => false,
        _ => true,
    };

    public static EvidenceSource Create(SourceKind kind, string name, string? cron, string settingsJson, string? protectedSecret, DateTime now) => new()
    {
        Kind = kind,
        Name = name,
        Cron = cron,
        SettingsJson = settingsJson,
        ProtectedSecret = protectedSecret,
        CreatedAt = now,
    };

    public void Pause() => Enabled = false;

    public void Resume() => Enabled = true;

    public void Reschedule(string? cron) => Cron = cron;

    public void Configure(string settingsJson) => SettingsJson = settingsJson;

    public void ReplaceSecret(string? protectedSecret) => ProtectedSecret = protectedSecret;

    public Dictionary<string, string> ReadSettings() => JsonSerializer.Deserialize<Dictionary<string, string>>(SettingsJson) ?? [];
}
