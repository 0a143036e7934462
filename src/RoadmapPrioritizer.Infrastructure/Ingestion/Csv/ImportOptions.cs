using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>How to read one file.</summary>
public sealed record ImportOptions
{
    public const string DefaultSource = "csv-uploads";

    public required ImportKind Kind { get; init; }

    /// <summary>The source the records are filed under (created as a CSV source on first use); duplicates are recognised per source.</summary>
    public string Source { get; init; } = DefaultSource;

    /// <summary>Check and count only; nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>Field name → the file's header for it, overriding the automatic match (from the upload preview); an empty header leaves the field out.</summary>
    public IReadOnlyDictionary<string, string>? Mapping { get; init; }

    /// <summary>A .NET date format for files whose dates are not ISO 8601, e.g. "dd/MM/yyyy HH:mm".</summary>
    public string? DateFormat { get; init; }

    /// <summary>The currency of amounts when the file has no currency column.</summary>
    public string? Currency { get; init; }

    /// <summary>The survey type of every response when the file has no survey_type column.</summary>
    public SurveyType? SurveyType { get; init; }
}

public sealed record ImportLineError(int Line, string Field, string Message);

/// <param name="ErrorsTruncated">More lines were rejected than <see cref="CsvEvidenceReader.MaxErrors"/> messages are kept for.</param>
public sealed record ImportResult(int Added, int AlreadyPresent, int Rejected, IReadOnlyList<ImportLineError> Errors, bool ErrorsTruncated, long? RunId);

/// <summary>The file as a whole cannot be read (no usable header, not UTF-8, a runaway field); nothing of it is stored.</summary>
public sealed class CsvFileException : Exception
{
    public CsvFileException()
    {
    }

    public CsvFileException(string message)
        : base(message)
    {
    }

    public CsvFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
