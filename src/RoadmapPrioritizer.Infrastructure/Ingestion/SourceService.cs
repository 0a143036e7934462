using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Quartz;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>What an admin sends to configure a source; the secret is write-only.</summary>
public sealed record SourceInput(string? Kind, string? Name, string? Cron, string? Secret, IReadOnlyDictionary<string, string>? Settings);

/// <summary>A source as anyone may see it: never its secret, only whether it has one.</summary>
public sealed record SourceView(int Id, SourceKind Kind, string Name, string? Cron, bool Enabled, bool HasSecret, IReadOnlyDictionary<string, string> Settings, DateTime CreatedAt);

/// <summary>Configured evidence sources: create, list, pause and resume, replace credentials.</summary>
public sealed class SourceService(RoadmapDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>Bumping the purpose would orphan every stored secret, so it never changes.</summary>
    private const string SecretPurpose = "RoadmapPrioritizer.Ingestion.SourceSecrets.v1";

    private const int SecretMaxLength = 8000;

    private IDataProtector Protector => protection.CreateProtector(SecretPurpose);

    public async Task<IReadOnlyList<SourceView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.EvidenceSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken)).Select(View).ToList();

    public async Task<SourceView?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.EvidenceSources.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is { } source ? View(source) : null;

    public async Task<Outcome<SourceView>> CreateAsync(SourceInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var kind = Enum.TryParse<SourceKind>(input.Kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : (SourceKind?)null;
        if (kind is null)
        {
            errors.Add("kind", $"Kind must be one of {string.Join(", ", Enum.GetNames<SourceKind>())}.");
        }

        var name = input.Name?.Trim();
        errors.Add("name", ValidateName(name));
        var settings = input.Settings ?? new Dictionary<string, string>();
        var pulled = kind is { } known && EvidenceSource.Pulls(known, settings);
        var cron = string.IsNullOrWhiteSpace(input.Cron) ? (pulled ? EvidenceSource.HourlyCron : null) : input.Cron.Trim();
        errors.Add("cron", ValidateCron(cron, pulled));
        errors.Add("secret", ValidateSecret(input.Secret, required: kind is not (null or SourceKind.Csv)));
        foreach (var (key, message) in ValidateSettings(kind, settings))
        {
            errors.Add($"settings.{key}", message);
        }

        if (errors.Any)
        {
            return Outcome<SourceView>.Invalid(errors);
        }

        if (await NameTakenAsync(name!, cancellationToken))
        {
            return Outcome<SourceView>.Conflict("name", $"A source named '{name}' already exists.");
        }

        var source = EvidenceSource.Create(kind!.Value, name!, cron, JsonSerializer.Serialize(settings), Protect(input.Secret), time.GetUtcNow().UtcDateTime);
        db.EvidenceSources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SourceView>.Ok(View(source));
    }

    /// <summary>The source uploads are filed under, created on first use (a CSV source needs no secret).</summary>
    public async Task<EvidenceSource> GetOrCreateUploadSourceAsync(string name, CancellationToken cancellationToken)
    {
        var existing = await FindByNameAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var source = EvidenceSource.Create(SourceKind.Csv, name, null, "{}", null, time.GetUtcNow().UtcDateTime);
        db.EvidenceSources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return source;
    }

    /// <summary>Names are unique regardless of case; an instance has a handful of sources, so they are compared in memory.</summary>
    public async Task<EvidenceSource?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        (await db.EvidenceSources.ToListAsync(cancellationToken)).SingleOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public Task<Outcome<SourceView>> PauseAsync(int id, CancellationToken cancellationToken) => ChangeAsync(id, s => s.Pause(), cancellationToken);

    public Task<Outcome<SourceView>> ResumeAsync(int id, CancellationToken cancellationToken) => ChangeAsync(id, s => s.Resume(), cancellationToken);

    public async Task<Outcome<SourceView>> ReplaceSecretAsync(int id, string? secret, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Add("secret", ValidateSecret(secret, required: true));
        return errors.Any ? Outcome<SourceView>.Invalid(errors) : await ChangeAsync(id, s => s.ReplaceSecret(Protect(secret)), cancellationToken);
    }

    public async Task<Outcome<SourceView>> RescheduleAsync(int id, string? cron, CancellationToken cancellationToken)
    {
        var source = await db.EvidenceSources.FindAsync([id], cancellationToken);
        if (source is null)
        {
            return Outcome<SourceView>.NotFound();
        }

        var errors = new FieldErrors();
        errors.Add("cron", ValidateCron(cron?.Trim(), source.IsPulled));
        return errors.Any ? Outcome<SourceView>.Invalid(errors) : await ChangeAsync(id, s => s.Reschedule(cron?.Trim()), cancellationToken);
    }

    /// <summary>
    /// Replaces the source's settings, checked as when it was created. A Csv source that gains an import
    /// folder is scheduled hourly, as a new one would be; one that loses it receives uploads and has no schedule.
    /// </summary>
    public async Task<Outcome<SourceView>> ConfigureAsync(int id, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var source = await db.EvidenceSources.FindAsync([id], cancellationToken);
        if (source is null)
        {
            return Outcome<SourceView>.NotFound();
        }

        var values = settings ?? new Dictionary<string, string>();
        var errors = new FieldErrors();
        foreach (var (key, message) in ValidateSettings(source.Kind, values))
        {
            errors.Add($"settings.{key}", message);
        }

        if (errors.Any)
        {
            return Outcome<SourceView>.Invalid(errors);
        }

        var wasPulled = source.IsPulled;
        source.Configure(JsonSerializer.Serialize(values));
        if (source.IsPulled != wasPulled)
        {
            source.Reschedule(source.IsPulled ? EvidenceSource.HourlyCron : null);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SourceView>.Ok(View(source));
    }

    /// <summary>What a connector or webhook needs: the source with its secret decrypted (kept in memory only).</summary>
    public async Task<SourceConnection?> ConnectAsync(int id, CancellationToken cancellationToken)
    {
        var source = await db.EvidenceSources.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return source is null ? null : new SourceConnection(source.Id, source.Name, source.Kind, Unprotect(source), source.ReadSettings());
    }

    private string? Unprotect(EvidenceSource source)
    {
        if (source.ProtectedSecret is null)
        {
            return null;
        }

        try
        {
            return Protector.Unprotect(source.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException error)
        {
            throw new ConnectorException($"The stored credentials of source '{source.Name}' cannot be decrypted (were the Data Protection keys lost?); an admin must enter them again.", error);
        }
    }

    private async Task<Outcome<SourceView>> ChangeAsync(int id, Action<EvidenceSource> change, CancellationToken cancellationToken)
    {
        var source = await db.EvidenceSources.FindAsync([id], cancellationToken);
        if (source is null)
        {
            return Outcome<SourceView>.NotFound();
        }

        change(source);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SourceView>.Ok(View(source));
    }

    private async Task<bool> NameTakenAsync(string name, CancellationToken cancellationToken) =>
        await FindByNameAsync(name, cancellationToken) is not null;

    private string? Protect(string? secret) => string.IsNullOrEmpty(secret) ? null : Protector.Protect(secret);

    private static SourceView View(EvidenceSource s) =>
        new(s.Id, s.Kind, s.Name, s.Cron, s.Enabled, s.ProtectedSecret is not null, s.ReadSettings(), s.CreatedAt);

    private static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the source a name."
        : name.Length > EvidenceSource.NameMaxLength ? $"A name is at most {EvidenceSource.NameMaxLength} characters."
        : null;

    /// <summary>Quartz cron has six or seven fields, seconds first: "0 0 * * * ?" is hourly.</summary>
    private static string? ValidateCron(string? cron, bool pulled) =>
        cron is null ? null
        : !pulled ? "Only sources that are pulled have a schedule."
        : cron.Length > EvidenceSource.CronMaxLength || !CronExpression.TryParse(cron, out _)
            ? "Cron must be a Quartz cron expression (seconds first), e.g. \"0 0 * * * ?\" for hourly or \"0 30 2 * * ?\" for 02:30 daily."
        : null;

    private static string? ValidateSecret(string? secret, bool required) =>
        string.IsNullOrEmpty(secret) ? (required ? "This kind of source needs a secret (API key, token, key file or signing secret)." : null)
        : secret.Length > SecretMaxLength ? $"A secret is at most {SecretMaxLength} characters."
        : null;

    private static IEnumerable<(string Key, string Message)> ValidateSettings(SourceKind? kind, IReadOnlyDictionary<string, string> settings)
    {
        if (kind == SourceKind.Csv)
        {
            foreach (var problem in CsvFolderSettings.Validate(settings))
            {
                yield return problem;
            }
        }

        if (JsonSerializer.Serialize(settings).Length > EvidenceSource.SettingsMaxLength)
        {
            yield return ("", $"Settings are at most {EvidenceSource.SettingsMaxLength} characters of JSON.");
        }

        if (settings.TryGetValue("baseUrl", out var url)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            yield return ("baseUrl", "baseUrl must be an absolute http(s) address.");
        }
    }
}
