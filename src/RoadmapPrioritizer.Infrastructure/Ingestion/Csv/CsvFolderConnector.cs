using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// The import folder of a Csv source: each run reads every <c>*.csv</c> file directly in the folder,
/// oldest first (last-write time, then name), through the same reader as uploads, and yields each
/// file as one page. A stored file moves to <c>imported/</c> (with <c>&lt;name&gt;.errors.csv</c>
/// listing its rejected lines); a file that cannot be imported at all stores nothing and moves to
/// <c>failed/</c> with <c>&lt;name&gt;.error.txt</c>; a file written to within the settle time waits
/// for the next run. Files that failed make the run fail, after the other files are imported, as a
/// connector fails its run on a payload it cannot read.
/// </summary>
/// <remarks>
/// A connector rather than a branch in the runner, because the runner already gives a folder what it
/// needs: the run recording, one run per source at a time, and each page stored in its own
/// transaction before the runner asks for the next. The code after <c>yield return</c> runs only when
/// the runner asks for the next page, that is after the file's rows are committed, so that is where
/// the file is moved; when storing fails the iterator is never resumed and the file stays where it was.
/// </remarks>
public sealed partial class CsvFolderConnector(TimeProvider time, ILogger<CsvFolderConnector> logger) : IConnector
{
    private static readonly EnumerationOptions TopLevelCsv = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
    };

    public SourceKind Kind => SourceKind.Csv;

    /// <summary>The folder has no cursor: a file's place is the folder it is in. <paramref name="cursor"/> is ignored.</summary>
    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = CsvFolderSettings.Read(source);
        var files = ReadyFiles(settings, out var waiting);
        if (waiting > 0)
        {
            LogWaiting(source.Name, waiting, (int)settings.Settle.TotalSeconds);
        }

        var problems = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            FileContent content;
            try
            {
                content = ReadFile(file, settings.Options, $"file {i + 1} of {files.Count}: {file.Name}");
            }
            catch (CsvFileException error)
            {
                await MoveToFailedAsync(settings.Folder, file, error.Message);
                problems.Add($"{file.Name}: {error.Message} (moved to {CsvFolderSettings.FailedFolder}/)");
                LogFailedFile(source.Name, file.Name, error.Message);
                continue;
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            catch (FileChangedException)
            {
                LogWaiting(source.Name, 1, (int)settings.Settle.TotalSeconds);
                continue;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.Name} could not be read ({error.Message}); it stays in the folder for the next run");
                LogUnreadable(source.Name, file.Name, error.Message);
                continue;
            }

            yield return content.Page;

            // Only reached once the runner has committed the page: the file's rows are stored.
            var moved = await MoveToImportedAsync(settings.Folder, file, content);
            LogImportedFile(source.Name, file.Name, moved, content.Page.RejectedCount ?? 0);
        }

        if (problems.Count > 0)
        {
            throw new ConnectorException($"{problems.Count} file(s) could not be imported: {string.Join("; ", problems)}. Any other files were imported.");
        }
    }

    /// <summary>The folder's CSV files that nobody has written to within the settle time, oldest first.</summary>
    private List<FileInfo> ReadyFiles(CsvFolderSettings settings, out int waiting)
    {
        List<FileInfo> all;
        try
        {
            all = new DirectoryInfo(settings.Folder).EnumerateFiles("*.csv", TopLevelCsv)
                .Where(f => string.Equals(f.Extension, ".csv", StringComparison.OrdinalIgnoreCase))
                .ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException($"The import folder {settings.Folder} cannot be read: {error.Message}", error);
        }

        var settledBefore = time.GetUtcNow().UtcDateTime - settings.Settle;
        var ready = all.Where(f => f.LastWriteTimeUtc <= settledBefore).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        waiting = all.Count - ready.Count;
        return ready;
    }

    /// <summary>The whole file as one page; a file that changes while it is read is left for the next run.</summary>
    private static FileContent ReadFile(FileInfo file, ImportOptions options, string progress)
    {
        var (written, length) = (file.LastWriteTimeUtc, file.Length);
        var surveys = new List<SurveyResponse>();
        var orders = new List<Order>();
        var days = new List<FunnelDay>();
        IReadOnlyList<ImportLineError> errors;
        int rejected;
        bool truncated;
        using (var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        using (var reader = CsvEvidenceReader.Open(stream, options))
        {
            switch (options.Kind)
            {
                case ImportKind.SurveyResponses:
                    surveys.AddRange(reader.SurveyResponses());
                    break;
                case ImportKind.FunnelDaily:
                    days.AddRange(reader.FunnelDays());
                    break;
                default:
                    orders.AddRange(reader.Orders());
                    break;
            }

            (errors, rejected, truncated) = (reader.Errors.ToList(), reader.Rejected, reader.ErrorsTruncated);
        }

        file.Refresh();
        if (file.LastWriteTimeUtc != written || file.Length != length)
        {
            throw new FileChangedException();
        }

        var page = new EvidencePage { Progress = progress, RejectedCount = rejected };
        page.SurveyResponses.AddRange(surveys);
        page.Orders.AddRange(orders);
        page.FunnelDays.AddRange(days);
        page.Rejected.AddRange(errors.Select(e => new RejectedRecord($"{file.Name} line {e.Line}", e.Field, e.Message)));
        return new FileContent(page, errors, truncated);
    }

    /// <summary>Moves a stored file to imported/, its rejected lines beside it; returns the name it has there.</summary>
    private async Task<string> MoveToImportedAsync(string folder, FileInfo file, FileContent content)
    {
        try
        {
            var target = FreeName(Path.Combine(folder, CsvFolderSettings.ImportedFolder), file.Name);
            if (content.Page.RejectedCount > 0)
            {
                // Not cancelled: the rows are committed, so the file's move is finished rather than left half done.
                await File.WriteAllTextAsync(target + ".errors.csv", ErrorsCsv(content.Errors, content.ErrorsTruncated), Encoding.UTF8, CancellationToken.None);
            }

            File.Move(file.FullName, target);
            return Path.GetFileName(target);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException(
                $"{file.Name} was imported but cannot be moved to {CsvFolderSettings.ImportedFolder}/ ({error.Message}); the folder must be writable by the app. Read again next run, it adds nothing twice.",
                error);
        }
    }

    private async Task MoveToFailedAsync(string folder, FileInfo file, string reason)
    {
        try
        {
            var target = FreeName(Path.Combine(folder, CsvFolderSettings.FailedFolder), file.Name);
            var when = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(
                target + ".error.txt",
                $"{file.Name} could not be imported ({when}): {reason}{Environment.NewLine}Nothing of it was stored. Put the corrected file back in the folder to import it.{Environment.NewLine}",
                CancellationToken.None);
            File.Move(file.FullName, target);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorException(
                $"{file.Name} cannot be imported ({reason}) and cannot be moved to {CsvFolderSettings.FailedFolder}/ ({error.Message}); the folder must be writable by the app.",
                error);
        }
    }

    /// <summary>The file's own name in <paramref name="directory"/>, or with a timestamp (and a number) when that is taken.</summary>
    private string FreeName(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, name);
        if (!File.Exists(target))
        {
            return target;
        }

        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var (stem, extension) = (Path.GetFileNameWithoutExtension(name), Path.GetExtension(name));
        for (var n = 1; ; n++)
        {
            target = Path.Combine(directory, n == 1 ? $"{stem}.{stamp}{extension}" : $"{stem}.{stamp}-{n}{extension}");
            if (!File.Exists(target))
            {
                return target;
            }
        }
    }

    /// <summary>line,field,message as RFC 4180 CSV, so it opens in the spreadsheet the file came from.</summary>
    private static string ErrorsCsv(IReadOnlyList<ImportLineError> errors, bool truncated)
    {
        var csv = new StringBuilder("line,field,message\r\n");
        foreach (var error in errors)
        {
            csv.Append(error.Line.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Quote(error.Field)).Append(',').Append(Quote(error.Message)).Append("\r\n");
        }

        if (truncated)
        {
            csv.Append(",,").Append(Quote($"More lines were rejected; only the first {CsvEvidenceReader.MaxErrors:N0} messages are kept.")).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record FileContent(EvidencePage Page, IReadOnlyList<ImportLineError> Errors, bool ErrorsTruncated);

    /// <summary>The file was written to while it was read: someone is still writing it, so it waits like an unsettled one.</summary>
    private sealed class FileChangedException() : Exception("The file was written to while it was read.");

    [LoggerMessage(LogLevel.Information, "Import folder of {Source}: {Count} file(s) written to within the last {SettleSeconds} s wait for the next run")]
    private partial void LogWaiting(string source, int count, int settleSeconds);

    [LoggerMessage(LogLevel.Information, "Import folder of {Source}: stored {File}, moved to imported/{Target} ({Rejected} lines rejected)")]
    private partial void LogImportedFile(string source, string file, string target, int rejected);

    [LoggerMessage(LogLevel.Warning, "Import folder of {Source}: {File} cannot be imported and was moved to failed/: {Reason}")]
    private partial void LogFailedFile(string source, string file, string reason);

    [LoggerMessage(LogLevel.Warning, "Import folder of {Source}: {File} could not be read and stays for the next run: {Reason}")]
    private partial void LogUnreadable(string source, string file, string reason);
}
