namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// A file uploaded in the browser and not yet confirmed: kept in the database, so whichever app
/// instance serves the confirm has it, until its uploader imports or discards it (or it expires).
/// </summary>
public sealed class PendingImport
{
    public const int FileNameMaxLength = 260;
    public const int UploadedByMaxLength = 256;

    public Guid Id { get; private set; }

    public ImportKind Kind { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    public byte[] Content { get; private set; } = [];

    /// <summary>How to read the file (<see cref="ImportOptions"/> without its kind) as JSON; the preview's mapping is saved here.</summary>
    public string OptionsJson { get; private set; } = "{}";

    /// <summary>The uploader's user name, the same name their import run will carry.</summary>
    public string UploadedBy { get; private set; } = string.Empty;

    public DateTime UploadedAt { get; private set; }

    public static PendingImport Create(ImportKind kind, string fileName, byte[] content, string optionsJson, string uploadedBy, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        FileName = fileName.Length > FileNameMaxLength ? fileName[..FileNameMaxLength] : fileName,
        Content = content,
        OptionsJson = optionsJson,
        UploadedBy = uploadedBy.Length > UploadedByMaxLength ? uploadedBy[..UploadedByMaxLength] : uploadedBy,
        UploadedAt = now,
    };

    public void Reconfigure(string optionsJson) => OptionsJson = optionsJson;
}
