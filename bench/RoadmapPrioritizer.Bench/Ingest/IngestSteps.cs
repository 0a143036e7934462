using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Bench.Ingest;

/// <summary>
/// The things the ingest benchmark times. Each makes its own fresh database, times only the load,
/// checks that every row arrived, and drops the database again. A wrong count is an error, not a figure.
/// </summary>
internal sealed class IngestSteps(BenchPostgres postgres, string psql, string folder)
{
    private const string Source = "bench-survey-export";

    private static readonly ImportOptions Options = new() { Kind = ImportKind.SurveyResponses, Source = Source };

    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();
    private string? _sqliteTemplate;

    /// <summary>psql's client-side \copy of the file into a table with the file's columns and nothing else: no key, no index.</summary>
    public async Task<TimeSpan> PsqlCopyAsync(string csv, int rows, CancellationToken cancellationToken)
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken);
        try
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand(
                    """
                    CREATE TABLE bare_survey_responses (
                        external_id text, survey_type text, submitted_at timestamptz, reason text, text text,
                        score double precision, order_value numeric, currency text, customer text, page text)
                    """,
                    connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var builder = new NpgsqlConnectionStringBuilder(database);
            var environment = new Dictionary<string, string>
            {
                ["PGHOST"] = builder.Host ?? "127.0.0.1",
                ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGUSER"] = builder.Username ?? "",
                ["PGDATABASE"] = builder.Database ?? "",
                ["PGPASSWORD"] = builder.Password ?? "",
            };

            await postgres.CheckpointAsync(cancellationToken);
            var started = Stopwatch.GetTimestamp();
            await Processes.RunAsync(
                psql,
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", $"\\copy bare_survey_responses FROM '{csv}' WITH (FORMAT csv, HEADER true)"],
                cancellationToken,
                environment);
            var elapsed = Stopwatch.GetElapsedTime(started);

            await ExpectAsync(database, "SELECT count(*) FROM bare_survey_responses", rows, "\\copy", cancellationToken);
            return elapsed;
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>The app's upload path on PostgreSQL into a freshly migrated database, then the same file again (every response already present).</summary>
    public async Task<(TimeSpan Import, TimeSpan Reimport)> AppImportAsync(string csv, int rows, CancellationToken cancellationToken)
    {
        var database = await postgres.CreateMigratedDatabaseAsync(cancellationToken);
        try
        {
            await postgres.CheckpointAsync(cancellationToken);
            var import = await TimeImportAsync(DatabaseProvider.Postgres, database, csv, rows, expectAdded: true, cancellationToken);
            await postgres.CheckpointAsync(cancellationToken);
            var reimport = await TimeImportAsync(DatabaseProvider.Postgres, database, csv, rows, expectAdded: false, cancellationToken);
            return (import, reimport);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>The same upload path on SQLite, the embedded default, into a fresh copy of a migrated file.</summary>
    public async Task<TimeSpan> SqliteImportAsync(string csv, int rows, CancellationToken cancellationToken)
    {
        _sqliteTemplate ??= await MigrateSqliteTemplateAsync(cancellationToken);
        var file = Path.Combine(folder, $"run-{Guid.NewGuid():N}.db");
        File.Copy(_sqliteTemplate, file);
        try
        {
            return await TimeImportAsync(DatabaseProvider.Sqlite, $"Data Source={file}", csv, rows, expectAdded: true, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, $"{file}-wal", $"{file}-shm", $"{file}-journal" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Only the reader: decoding, splitting, parsing and validating every line, hashing customers; no database.</summary>
    public static TimeSpan ParseOnly(string csv, int rows)
    {
        var started = Stopwatch.GetTimestamp();
        using var file = File.OpenRead(csv);
        using var reader = CsvEvidenceReader.Open(file, Options);
        var count = reader.SurveyResponses().Count();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (count != rows || reader.Rejected != 0)
        {
            throw new InvalidOperationException($"The reader returned {count} responses and rejected {reader.Rejected} lines of {rows}: {string.Join("; ", reader.Errors.Take(5))}");
        }

        return elapsed;
    }

    private async Task<TimeSpan> TimeImportAsync(DatabaseProvider provider, string connectionString, string csv, int rows, bool expectAdded, CancellationToken cancellationToken)
    {
        // A collection left over from the previous step would otherwise be charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = Stopwatch.GetTimestamp();
        var result = await ImportAsync(provider, connectionString, csv, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var (added, present) = expectAdded ? (rows, 0) : (0, rows);
        if (result.Added != added || result.AlreadyPresent != present || result.Rejected != 0)
        {
            throw new InvalidOperationException(
                $"{provider} import: expected {added} added and {present} already present, got {result.Added} added, " +
                $"{result.AlreadyPresent} already present, {result.Rejected} rejected ({string.Join("; ", result.Errors.Take(5))}).");
        }

        return elapsed;
    }

    /// <summary>What POST /api/imports/survey-responses does once the upload is spooled to a file: one context, the upload source, CsvImportService.</summary>
    private async Task<ImportResult> ImportAsync(DatabaseProvider provider, string connectionString, string csv, CancellationToken cancellationToken)
    {
        await using var db = CreateContext(provider, connectionString);
        var imports = new CsvImportService(db, new SourceService(db, _protection, TimeProvider.System), TimeProvider.System, NullLogger<CsvImportService>.Instance);
        await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        return await imports.ImportAsync(file, Options, "bench", cancellationToken);
    }

    private async Task<string> MigrateSqliteTemplateAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, "template.db");
        await using (var db = CreateContext(DatabaseProvider.Sqlite, $"Data Source={file}"))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        SqliteConnection.ClearAllPools();
        return file;
    }

    private static RoadmapDbContext CreateContext(DatabaseProvider provider, string connectionString) => AppContexts.Create(provider, connectionString);

    private static async Task ExpectAsync(string database, string sql, long expected, string what, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var actual = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what} loaded {actual} rows, expected {expected}.");
        }
    }
}
