using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// Imports a CSV file into a source: the valid lines in one transaction (all or nothing if the file
/// itself breaks), every rejected line reported with its number, and the upload recorded as a run.
/// A dry run reads and counts the same way and writes nothing.
/// </summary>
public sealed partial class CsvImportService(RoadmapDbContext db, SourceService sources, TimeProvider time, ILogger<CsvImportService> logger)
{
    /// <exception cref="CsvFileException">The file has no usable header, is not UTF-8, or breaks midway; nothing was stored.</exception>
    public async Task<ImportResult> ImportAsync(Stream csv, ImportOptions options, string? actor, CancellationToken cancellationToken)
    {
        using var reader = CsvEvidenceReader.Open(csv, options);
        if (options.DryRun)
        {
            return await DryRunAsync(reader, options, cancellationToken);
        }

        var source = await sources.GetOrCreateUploadSourceAsync(options.Source, cancellationToken);
        var run = ImportRun.Start(source.Id, RunTrigger.Upload, actor, time.GetUtcNow().UtcDateTime);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var store = new EvidenceStore(db);
            var counts = options.Kind switch
            {
                ImportKind.SurveyResponses => await store.SaveAsync(source.Id, reader.SurveyResponses(), cancellationToken),
                ImportKind.FunnelDaily => await store.SaveAsync(source.Id, reader.FunnelDays(), cancellationToken),
                _ => await store.SaveAsync(source.Id, reader.Orders(), cancellationToken),
            };
            run.Count(counts.Added, counts.AlreadyPresent, reader.Rejected, progress: null);
            run.Succeed(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            LogImported(CsvFields.RouteName(options.Kind), source.Name, counts.Added, counts.AlreadyPresent, reader.Rejected);
            return new ImportResult(counts.Added, counts.AlreadyPresent, reader.Rejected, reader.Errors, reader.ErrorsTruncated, run.Id);
        }
        catch (Exception error)
        {
            // Whatever stopped the import, its transaction rolled back: the run says so rather than staying "Running".
            run.Fail(
                error switch
                {
                    CsvFileException => error.Message,
                    OperationCanceledException => "The upload was cancelled; nothing of it was stored.",
                    _ => $"The import failed ({error.GetType().Name}); nothing of it was stored.",
                },
                time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task<ImportResult> DryRunAsync(CsvEvidenceReader reader, ImportOptions options, CancellationToken cancellationToken)
    {
        var source = await sources.FindByNameAsync(options.Source, cancellationToken);
        var store = new EvidenceStore(db);
        var valid = 0;
        var (distinct, present) = options.Kind switch
        {
            ImportKind.SurveyResponses => await store.CountPresentAsync(source?.Id ?? 0, Counted(reader.SurveyResponses()), cancellationToken),
            ImportKind.FunnelDaily => await store.CountPresentAsync(source?.Id ?? 0, Counted(reader.FunnelDays()), cancellationToken),
            _ => await store.CountPresentAsync(source?.Id ?? 0, Counted(reader.Orders()), cancellationToken),
        };

        // As a real run would: each different record is added unless the source has it; repeats within the file are already present.
        var added = distinct - present;
        return new ImportResult(added, valid - added, reader.Rejected, reader.Errors, reader.ErrorsTruncated, RunId: null);

        IEnumerable<T> Counted<T>(IEnumerable<T> records)
        {
            foreach (var record in records)
            {
                valid++;
                yield return record;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Imported {Kind} into {Source}: {Added} added, {AlreadyPresent} already present, {Rejected} lines rejected")]
    private partial void LogImported(string kind, string source, int added, int alreadyPresent, int rejected);
}
