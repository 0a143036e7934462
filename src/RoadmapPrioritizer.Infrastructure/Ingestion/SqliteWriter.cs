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
            names);
        using var update = table.Replace
            ? Prepare(
                connection,
                transaction,
                $"UPDATE {table.Name} SET {string.Join(", ", names.Where(n => !table.Key.Contains(n)).Select(n => $"{n} = @{n}"))} WHERE source_id = @source_id AND {string.Join(" AND ", table.Key.Select(k => $"{k} = @{k}"))}",
                names)
            : null;

        var counts = default(StoreCounts);
        foreach (var record in records)
        {
            if (update is not null && Execute(update, sourceId, table, record) > 0)
            {
                counts += new StoreCounts(0, 1);
                continue;
            }

            counts += Execute(insert, sourceId, table, record) > 0 ? new StoreCounts(1, 0) : new StoreCounts(0, 1);
        }

        return counts;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, List<string> names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("@source_id", null));
        foreach (var name in names.Where(n => sql.Contains("@" + n, StringComparison.Ordinal)))
        {
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        }

        command.Prepare();
        return command;
    }

    private static int Execute<T>(SqliteCommand command, int sourceId, EvidenceTable<T> table, T record)
    {
        command.Parameters["@source_id"].Value = sourceId;
        foreach (var column in table.Columns)
        {
            if (command.Parameters.Contains("@" + column.Name))
            {
                command.Parameters["@" + column.Name].Value = column.Value(record) ?? DBNull.Value;
            }
        }

        return command.ExecuteNonQuery();
    }
}
