using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>Who is asking: a pending upload is its uploader's (and any admin's) to see, confirm or discard.</summary>
public sealed record Requester(string Name, bool IsAdmin);

public enum PendingStatus
{
    Ok,

    /// <summary>Imported, discarded or expired: there is nothing to act on.</summary>
    Gone,

    /// <summary>Someone else's upload.</summary>
    NotYours,

    /// <summary>The file or the request cannot be used; <see cref="PendingOutcome{T}.Message"/> says why.</summary>
    Invalid,
}

/// <summary>What to tell someone when there is no upload for them to act on.</summary>
public static class PendingMessages
{
    public const string Gone = "This upload is no longer waiting: it was imported or discarded, or it expired after 24 hours.";

    public const string NotYours = "This upload is someone else's: only they (or an admin) can preview, import or discard it.";

    public static string? For(PendingStatus status) => status switch
    {
        PendingStatus.Gone => Gone,
        PendingStatus.NotYours => NotYours,
        _ => null,
    };
}

public sealed record PendingOutcome<T>(PendingStatus Status, T? Value, string? Message = null)
{
    public bool IsOk => Status == PendingStatus.Ok;

    public static PendingOutcome<T> Ok(T value) => new(PendingStatus.Ok, value);

    public static PendingOutcome<T> Gone() => new(PendingStatus.Gone, default, PendingMessages.Gone);

    public static PendingOutcome<T> NotYours() => new(PendingStatus.NotYours, default, PendingMessages.NotYours);

    public static PendingOutcome<T> Invalid(string message) => new(PendingStatus.Invalid, default, message);
}

/// <summary>A pending upload without its content.</summary>
public sealed record PendingUpload(Guid Id, ImportKind Kind, string FileName, long Size, ImportOptions Options, string UploadedBy, DateTime UploadedAt);

/// <summary>A field of the chosen kind and the column it is read from (null: not in the file).</summary>
public sealed record MappedField(CsvField Field, string? Header);

/// <summary>A line as it is in the file: its number (1 = the header) and its fields.</summary>
public sealed record SampleLine(int Line, IReadOnlyList<string> Fields);

/// <summary>The first rejections of a file, and how many more there are.</summary>
/// <param name="MoreUncounted">The importer stopped keeping messages, so there are more than <paramref name="NotShown"/>.</param>
public sealed record ErrorSample(IReadOnlyList<ImportLineError> Shown, int NotShown, bool MoreUncounted)
{
    public static ErrorSample Of(ImportResult result, int max) =>
        new(result.Errors.Take(max).ToList(), Math.Max(0, result.Errors.Count - max), result.ErrorsTruncated);
}

/// <summary>
/// What importing a pending upload would do: the file's header and first lines, which column each
/// field is read from, and the dry run's counts and rejections. When the file as a whole cannot be
/// imported, <see cref="FileProblem"/> says why and <see cref="DryRun"/> is null; the headers are
/// still there when the header line could be read, so a mapping can put it right.
/// </summary>
public sealed record ImportPreview(
    PendingUpload Upload,
    IReadOnlyList<string> Headers,
    IReadOnlyList<MappedField> Fields,
    IReadOnlyList<SampleLine> Sample,
    ImportResult? DryRun,
    ErrorSample? Errors,
    string? FileProblem);

public sealed record ConfirmedImport(PendingUpload Upload, ImportResult Result, ErrorSample Errors);

/// <summary>An upload's import run, for the list of recent uploads.</summary>
public sealed record UploadRun(long Id, DateTime StartedAt, string? Actor, string Source, RunState State, int Added, int AlreadyPresent, int Rejected, string? Error);

/// <summary>
/// Uploads from the browser: a file is kept as a pending upload and previewed (a dry run, nothing
/// written) until its uploader confirms it, which imports it through <see cref="CsvImportService"/>
/// exactly as previewed, or discards it. Uploads older than <see cref="Lifetime"/> are gone.
/// </summary>
public sealed class PendingImportService(RoadmapDbContext db, CsvImportService imports, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public const int SampleLines = 10;

    public const int ShownErrors = 200;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Keeps a file for its uploader to preview and confirm, and deletes expired uploads. A file
    /// whose header cannot even be read (empty, not UTF-8) is refused and not kept.
    /// </summary>
    public async Task<PendingOutcome<Guid>> StoreAsync(string fileName, byte[] content, ImportOptions options, string uploadedBy, CancellationToken cancellationToken)
    {
        try
        {
            CsvSample.Check(content);
        }
        catch (CsvFileException error)
        {
            return PendingOutcome<Guid>.Invalid(error.Message);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now - Lifetime;
        await db.PendingImports.Where(p => p.UploadedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var pending = PendingImport.Create(options.Kind, Path.GetFileName(fileName), content, Serialize(options), uploadedBy, now);
        db.PendingImports.Add(pending);
        await db.SaveChangesAsync(cancellationToken);
        return PendingOutcome<Guid>.Ok(pending.Id);
    }

    /// <summary>Reads the whole file as the import would, and writes nothing.</summary>
    public async Task<PendingOutcome<ImportPreview>> PreviewAsync(Guid id, Requester who, CancellationToken cancellationToken)
    {
        var (pending, status) = await LoadAsync(id, who, tracked: false, cancellationToken);
        return pending is null ? Refused<ImportPreview>(status) : PendingOutcome<ImportPreview>.Ok(await PreviewAsync(pending, cancellationToken));
    }

    /// <summary>
    /// Saves which column each field is read from (an empty header: not in the file) and previews
    /// with it; confirming imports with it. Fields left out of <paramref name="mapping"/> keep the automatic match.
    /// </summary>
    public async Task<PendingOutcome<ImportPreview>> RemapAsync(Guid id, IReadOnlyDictionary<string, string> mapping, Requester who, CancellationToken cancellationToken)
    {
        var (pending, status) = await LoadAsync(id, who, tracked: true, cancellationToken);
        if (pending is null)
        {
            return Refused<ImportPreview>(status);
        }

        var fields = CsvFields.For(pending.Kind);
        var headers = Headers(pending.Content);
        var clean = mapping.ToDictionary(m => m.Key, m => m.Value.Trim(), StringComparer.Ordinal);
        foreach (var (field, header) in clean)
        {
            if (fields.All(f => f.Name != field))
            {
                return PendingOutcome<ImportPreview>.Invalid($"'{field}' is not a field of this kind of file.");
            }

            if (header.Length > 0 && !headers.Contains(header, StringComparer.Ordinal))
            {
                return PendingOutcome<ImportPreview>.Invalid($"The file has no column '{header}'.");
            }
        }

        pending.Reconfigure(Serialize(Deserialize(pending.Kind, pending.OptionsJson) with { Mapping = clean }));
        await db.SaveChangesAsync(cancellationToken);
        return PendingOutcome<ImportPreview>.Ok(await PreviewAsync(pending, cancellationToken));
    }

    /// <summary>
    /// Imports the upload as previewed and forgets it. Of two confirms of one upload (a double click,
    /// two app instances) only the one that removes it imports; the other finds it gone.
    /// </summary>
    public async Task<PendingOutcome<ConfirmedImport>> ConfirmAsync(Guid id, Requester who, CancellationToken cancellationToken)
    {
        var (pending, status) = await LoadAsync(id, who, tracked: false, cancellationToken);
        if (pending is null)
        {
            return Refused<ConfirmedImport>(status);
        }

        if (await db.PendingImports.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return PendingOutcome<ConfirmedImport>.Gone();
        }

        var upload = View(pending);
        try
        {
            using var content = new MemoryStream(pending.Content, writable: false);
            var result = await imports.ImportAsync(content, upload.Options with { DryRun = false }, who.Name, cancellationToken);
            return PendingOutcome<ConfirmedImport>.Ok(new ConfirmedImport(upload, result, ErrorSample.Of(result, ShownErrors)));
        }
        catch (CsvFileException error)
        {
            // The run records the failure; a file that cannot be imported is not worth keeping.
            return PendingOutcome<ConfirmedImport>.Invalid(error.Message);
        }
        catch
        {
            // Nothing was imported (the import is one transaction): keep the upload, so confirming again can work.
            db.ChangeTracker.Clear();
            db.PendingImports.Add(pending);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    public async Task<PendingStatus> DiscardAsync(Guid id, Requester who, CancellationToken cancellationToken)
    {
        var (pending, status) = await LoadAsync(id, who, tracked: false, cancellationToken);
        if (pending is null)
        {
            return status;
        }

        return await db.PendingImports.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? PendingStatus.Gone : PendingStatus.Ok;
    }

    /// <summary>The latest import runs of uploaded files (from this page and the API), newest first.</summary>
    public async Task<IReadOnlyList<UploadRun>> RecentUploadsAsync(int count, CancellationToken cancellationToken) =>
        await db.ImportRuns.AsNoTracking()
            .Where(r => r.Trigger == RunTrigger.Upload)
            .Join(db.EvidenceSources, r => r.SourceId, s => s.Id, (r, s) => new { Run = r, Source = s.Name })
            .OrderByDescending(x => x.Run.StartedAt).ThenByDescending(x => x.Run.Id)
            .Take(count)
            .Select(x => new UploadRun(x.Run.Id, x.Run.StartedAt, x.Run.Actor, x.Source, x.Run.State, x.Run.Added, x.Run.AlreadyPresent, x.Run.Rejected, x.Run.Error))
            .ToListAsync(cancellationToken);

    private async Task<ImportPreview> PreviewAsync(PendingImport pending, CancellationToken cancellationToken)
    {
        var upload = View(pending);
        IReadOnlyList<string> headers = [];
        IReadOnlyList<SampleLine> sample = [];
        IReadOnlyDictionary<string, string> mapping = new Dictionary<string, string>();
        try
        {
            (headers, sample) = CsvSample.Read(pending.Content, SampleLines);
            mapping = CsvEvidenceReader.MatchHeaders(pending.Kind, headers, upload.Options.Mapping);
        }
        catch (CsvFileException error)
        {
            return new ImportPreview(upload, headers, Fields(pending.Kind, mapping), sample, null, null, error.Message);
        }

        try
        {
            using var content = new MemoryStream(pending.Content, writable: false);
            var result = await imports.ImportAsync(content, upload.Options with { DryRun = true }, actor: null, cancellationToken);
            return new ImportPreview(upload, headers, Fields(pending.Kind, mapping), sample, result, ErrorSample.Of(result, ShownErrors), null);
        }
        catch (CsvFileException error)
        {
            return new ImportPreview(upload, headers, Fields(pending.Kind, mapping), sample, null, null, error.Message);
        }
    }

    /// <summary>The upload if it is still pending and <paramref name="who"/> may act on it; otherwise why not.</summary>
    private async Task<(PendingImport? Pending, PendingStatus Status)> LoadAsync(Guid id, Requester who, bool tracked, CancellationToken cancellationToken)
    {
        var cutoff = Cutoff();
        var query = tracked ? db.PendingImports : db.PendingImports.AsNoTracking();
        var pending = await query.SingleOrDefaultAsync(p => p.Id == id && p.UploadedAt >= cutoff, cancellationToken);
        return pending is null ? (null, PendingStatus.Gone)
            : !May(who, pending.UploadedBy) ? (null, PendingStatus.NotYours)
            : (pending, PendingStatus.Ok);
    }

    private static PendingOutcome<T> Refused<T>(PendingStatus status) =>
        status == PendingStatus.NotYours ? PendingOutcome<T>.NotYours() : PendingOutcome<T>.Gone();

    private DateTime Cutoff() => time.GetUtcNow().UtcDateTime - Lifetime;

    private static bool May(Requester who, string uploadedBy) => who.IsAdmin || string.Equals(who.Name, uploadedBy, StringComparison.OrdinalIgnoreCase);

    private static List<MappedField> Fields(ImportKind kind, IReadOnlyDictionary<string, string> mapping) =>
        CsvFields.For(kind).Select(f => new MappedField(f, mapping.GetValueOrDefault(f.Name))).ToList();

    private static IReadOnlyList<string> Headers(byte[] content)
    {
        try
        {
            return CsvSample.Read(content, 0).Headers;
        }
        catch (CsvFileException)
        {
            return [];
        }
    }

    private static PendingUpload View(PendingImport p) => new(p.Id, p.Kind, p.FileName, p.Content.LongLength, Deserialize(p.Kind, p.OptionsJson), p.UploadedBy, p.UploadedAt);

    private static string Serialize(ImportOptions options) => JsonSerializer.Serialize(new StoredOptions(options.Source, options.DateFormat, options.Currency, options.SurveyType, options.Mapping), Json);

    private static ImportOptions Deserialize(ImportKind kind, string json)
    {
        var stored = JsonSerializer.Deserialize<StoredOptions>(json, Json)!;
        return new ImportOptions
        {
            Kind = kind,
            Source = stored.Source,
            DateFormat = stored.DateFormat,
            Currency = stored.Currency,
            SurveyType = stored.SurveyType,
            Mapping = stored.Mapping,
        };
    }

    /// <summary>The options as stored with the upload: its kind has a column of its own, and a pending upload is never a dry run.</summary>
    private sealed record StoredOptions(string Source, string? DateFormat, string? Currency, Domain.Evidence.SurveyType? SurveyType, IReadOnlyDictionary<string, string>? Mapping);
}

/// <summary>A file's header and first lines as they are, decoded as the importer decodes them.</summary>
internal static class CsvSample
{
    /// <summary>Reads the whole file once, so one that is not UTF-8 anywhere is refused at upload, not at confirm.</summary>
    /// <exception cref="CsvFileException">The file is empty, is not UTF-8, or its header line is malformed.</exception>
    public static void Check(byte[] content)
    {
        _ = Read(content, 0);
        using var text = new StreamReader(new MemoryStream(content, writable: false), CsvRecordReader.Utf8, detectEncodingFromByteOrderMarks: true);
        var records = new CsvRecordReader(text, CsvEvidenceReader.MaxFieldLength);
        var fields = new List<string>();
        while (records.TryRead(fields))
        {
        }
    }

    /// <exception cref="CsvFileException">The file is empty, is not UTF-8, or its header line is malformed.</exception>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<SampleLine> Lines) Read(byte[] content, int lines)
    {
        using var text = new StreamReader(new MemoryStream(content, writable: false), CsvRecordReader.Utf8, detectEncodingFromByteOrderMarks: true);
        var records = new CsvRecordReader(text, CsvEvidenceReader.MaxFieldLength);
        var fields = new List<string>();
        if (!records.TryRead(fields) || fields.All(string.IsNullOrWhiteSpace))
        {
            throw new CsvFileException("The file is empty: the first line must name the columns.");
        }

        if (records.Problem is { } problem)
        {
            throw new CsvFileException($"The header line {problem}.");
        }

        var headers = fields.Select(h => h.Trim()).ToList();
        var sample = new List<SampleLine>();
        while (sample.Count < lines && records.TryRead(fields))
        {
            sample.Add(new SampleLine(records.RecordLine, fields.ToList()));
        }

        return (headers, sample);
    }
}
