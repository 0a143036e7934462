using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <param name="Added">Records stored for the first time.</param>
/// <param name="AlreadyPresent">Records the source had already given us (kept as stored; funnel days are replaced).</param>
public readonly record struct StoreCounts(int Added, int AlreadyPresent)
{
    public static StoreCounts operator +(StoreCounts a, StoreCounts b) => new(a.Added + b.Added, a.AlreadyPresent + b.AlreadyPresent);
}

/// <summary>
/// Stores evidence idempotently and fast, below EF: on PostgreSQL rows are streamed with binary COPY
/// into a staging table and merged with one INSERT … ON CONFLICT; on SQLite one prepared INSERT …
/// ON CONFLICT DO NOTHING per row. Either way everything a call writes, with the source's cursor,
/// commits or rolls back together: in a transaction of its own, or, when the caller has begun one on
/// the context (as seeding does, to store the demo roadmap and its evidence at once), in the caller's,
/// which the caller then commits or rolls back, as SaveChanges does.
/// </summary>
public sealed class EvidenceStore(RoadmapDbContext db)
{
    /// <summary>One page from a connector and the cursor after it, in one transaction.</summary>
    public Task<StoreCounts> SavePageAsync(int sourceId, EvidencePage page, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) =>
            {
                var counts = await WriteAsync(connection, transaction, sourceId, EvidenceTables.SurveyResponses, page.SurveyResponses, cancellationToken)
                    + await WriteAsync(connection, transaction, sourceId, EvidenceTables.Orders, page.Orders, cancellationToken)
                    + await WriteAsync(connection, transaction, sourceId, EvidenceTables.AbandonedCheckouts, page.AbandonedCheckouts, cancellationToken)
                    + await WriteAsync(connection, transaction, sourceId, EvidenceTables.FunnelDays, LastPerDay(page.FunnelDays), cancellationToken);
                if (page.Cursor is not null)
                {
                    await SaveCursorAsync(connection, transaction, sourceId, page.Cursor, cancellationToken);
                }

                return counts;
            },
            cancellationToken);

    /// <summary>A whole file's records in one transaction, streamed: the sequence is read once, as it is written.</summary>
    public Task<StoreCounts> SaveAsync<T>(int sourceId, IEnumerable<T> records, CancellationToken cancellationToken)
        where T : class
    {
        var table = TableFor<T>();
        return InTransactionAsync((connection, transaction) => WriteAsync(connection, transaction, sourceId, table, records, cancellationToken), cancellationToken);
    }

    /// <summary>How many different records a file holds and how many of them the source already has, for a dry run (nothing is written).</summary>
    public async Task<(int Distinct, int Present)> CountPresentAsync<T>(int sourceId, IEnumerable<T> records, CancellationToken cancellationToken)
        where T : class
    {
        var table = TableFor<T>();
        var keys = records.Select(r => KeyOf(table, r)).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return (0, 0);
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(" || '|' || ", table.Key.Select(k => $"CAST({k} AS TEXT)"))} FROM {table.Name} WHERE source_id = @source";
            AddParameter(command, "@source", sourceId);
            var present = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (keys.Contains(reader.GetString(0)))
                {
                    present++;
                }
            }

            return (keys.Count, present);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static EvidenceTable<T> TableFor<T>() => (EvidenceTable<T>)(object)(typeof(T).Name switch
    {
        nameof(SurveyResponse) => EvidenceTables.SurveyResponses,
        nameof(Order) => EvidenceTables.Orders,
        nameof(AbandonedCheckout) => EvidenceTables.AbandonedCheckouts,
        nameof(FunnelDay) => EvidenceTables.FunnelDays,
        _ => throw new ArgumentException($"{typeof(T).Name} is not evidence."),
    });

    private static string KeyOf<T>(EvidenceTable<T> table, T record) =>
        string.Join('|', table.Key.Select(k => table.Columns.First(c => c.Name == k).Value(record) switch
        {
            DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        }));

    /// <summary>A file or page may repeat a day; the last one wins, as a second import would.</summary>
    private static List<FunnelDay> LastPerDay(List<FunnelDay> days) =>
        days.GroupBy(d => (d.Date, d.Segment)).Select(g => g.Last()).ToList();

    private async Task<StoreCounts> InTransactionAsync(Func<DbConnection, DbTransaction, Task<StoreCounts>> write, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } callers)
        {
            return await write(db.Database.GetDbConnection(), callers.GetDbTransaction());
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var counts = await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return counts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task<StoreCounts> WriteAsync<T>(DbConnection connection, DbTransaction transaction, int sourceId, EvidenceTable<T> table, IEnumerable<T> records, CancellationToken cancellationToken) =>
        connection switch
        {
            NpgsqlConnection npgsql => PostgresWriter.WriteAsync(npgsql, sourceId, table, records, cancellationToken),
            SqliteConnection sqlite => Task.FromResult(SqliteWriter.Write(sqlite, (SqliteTransaction)transaction, sourceId, table, records)),
            _ => throw new NotSupportedException($"No evidence writer for {connection.GetType().Name}."),
        };

    private static async Task SaveCursorAsync(DbConnection connection, DbTransaction transaction, int sourceId, string cursor, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE evidence_sources SET cursor = @cursor WHERE id = @source";
        AddParameter(command, "@cursor", cursor);
        AddParameter(command, "@source", sourceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
