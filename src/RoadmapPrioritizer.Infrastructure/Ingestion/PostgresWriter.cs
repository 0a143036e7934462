using Npgsql;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// Binary COPY into a staging table that lives until the transaction ends, then one set-based merge:
/// new records are inserted, records already present are skipped (or, for funnel days, replaced).
/// Counting comes from the merge itself, so it is exact under concurrent imports too.
/// </summary>
internal static class PostgresWriter
{
    public static async Task<StoreCounts> WriteAsync<T>(NpgsqlConnection connection, int sourceId, EvidenceTable<T> table, IEnumerable<T> records, CancellationToken cancellationToken)
    {
        var staging = $"staging_{table.Name}";
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {staging}; CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {table.Name} WITH NO DATA", cancellationToken);

        long staged = 0;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {staging} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var record in records)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in table.Columns)
                {
                    if (column.Value(record) is { } value)
                    {
                        await importer.WriteAsync(value, column.Type, cancellationToken);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                }

                staged++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        if (staged == 0)
        {
            return default;
        }

        var key = string.Join(", ", table.Key.Prepend("source_id"));
        var merge = table.Replace
            ? $"""
               INSERT INTO {table.Name} (source_id, {columns}) SELECT @source, {columns} FROM {staging}
               ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", table.Columns.Where(c => !table.Key.Contains(c.Name)).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"))}
               RETURNING (xmax = 0)
               """
            // Records already stored are left out by an anti-join first: one pass over the source's keys is far
            // cheaper than a speculative insert per record that then conflicts (a re-import is mostly those).
            // ON CONFLICT still settles records that arrive from a concurrent import, and repeats within the file.
            : $"""
               INSERT INTO {table.Name} (source_id, {columns}) SELECT @source, {columns} FROM {staging} s
               WHERE NOT EXISTS (SELECT FROM {table.Name} t WHERE t.source_id = @source AND {string.Join(" AND ", table.Key.Select(k => $"t.{k} = s.{k}"))})
               ON CONFLICT ({key}) DO NOTHING
               """;

        await using var command = new NpgsqlCommand(merge, connection);
        command.Parameters.AddWithValue("source", sourceId);
        command.CommandTimeout = 0;
        if (!table.Replace)
        {
            var added = await command.ExecuteNonQueryAsync(cancellationToken);
            return new StoreCounts(added, checked((int)staged - added));
        }

        // xmax = 0 marks a freshly inserted row; an updated one carries the updating transaction's id.
        var inserted = 0;
        var replaced = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(0))
            {
                inserted++;
            }
            else
            {
                replaced++;
            }
        }

        return new StoreCounts(inserted, replaced);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
