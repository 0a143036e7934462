using Microsoft.Data.Sqlite;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// One prepared statement reused for every row, inside the caller's transaction: SQLite's fast path
/// for bulk loads. A funnel day already present is updated in place; anything else already present is left alone.
/// </summary>
internal static class SqliteWriter
{
    public static StoreCounts Write<T>(SqliteConnection connection, SqliteTransaction transaction, int sourceId, EvidenceTable<T> table, IEnumerable<T> records)
    {
        var names = table.Columns.Select(c => c.Name).ToList();
        using var insert = Prepare(
            connection,
            transaction,
            $"INSERT INTO {table.Name} (source_id, {string.Join(", ", names)}) VALUES (@source_id, {string.Join(", ", names.Select(n => "@" + n))}) ON CONFLICT DO NOTHING",
            table);
        using var update = table.Replace
            ? Prepare(
                connection,
                transaction,
                $"UPDATE {table.Name} SET {string.Join(", ", names.Where(n => !table.Key.Contains(n)).Select(n => $"{n} = @{n}"))} WHERE source_id = @source_id AND {string.Join(" AND ", table.Key.Select(k => $"{k} = @{k}"))}",
                table)
            : null;

        var counts = default(StoreCounts);
        foreach (var record in records)
        {
            if (update is not null && update.Execute(sourceId, record) > 0)
            {
                counts += new StoreCounts(0, 1);
                continue;
            }

            counts += insert.Execute(sourceId, record) > 0 ? new StoreCounts(1, 0) : new StoreCounts(0, 1);
        }

        return counts;
    }

    private static Statement<T> Prepare<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, EvidenceTable<T> table)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var source = command.Parameters.Add(new SqliteParameter("@source_id", null));

        // Bound once: looking each parameter up by name for every column of every row costs more than SQLite's insert.
        var bindings = table.Columns
            .Where(c => sql.Contains("@" + c.Name, StringComparison.Ordinal))
            .Select(c => (command.Parameters.Add(new SqliteParameter("@" + c.Name, null)), c))
            .ToArray();
        command.Prepare();
        return new Statement<T>(command, source, bindings);
    }

    private sealed class Statement<T>(SqliteCommand command, SqliteParameter source, (SqliteParameter Parameter, EvidenceColumn<T> Column)[] bindings) : IDisposable
    {
        public int Execute(int sourceId, T record)
        {
            source.Value = sourceId;
            foreach (var (parameter, column) in bindings)
            {
                parameter.Value = column.Value(record) ?? DBNull.Value;
            }

            return command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();
    }
}
