using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>What a connector is told about the source it pulls for: its decrypted secret and its settings.</summary>
public sealed record SourceConnection(int Id, string Name, SourceKind Kind, string? Secret, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The API root: the documented default, or the source's <c>baseUrl</c> setting (a proxy, a test server).</summary>
    public Uri BaseUrl(string documentedDefault)
    {
        var url = Setting("baseUrl") ?? documentedDefault;
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }

    public string? Setting(string key) =>
        Settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>A setting the connector cannot work without; its absence fails the run with a message naming it.</summary>
    public string RequiredSetting(string key) =>
        Setting(key) ?? throw new ConnectorException($"Source '{Name}' needs the setting '{key}'.");

    public string RequiredSecret() =>
        Secret ?? throw new ConnectorException($"Source '{Name}' has no credentials; an admin must enter them.");
}
