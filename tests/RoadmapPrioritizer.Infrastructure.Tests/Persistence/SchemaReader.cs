using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Scheduling;

namespace RoadmapPrioritizer.Infrastructure.Tests.Persistence;

/// <summary>Reads a database's schema from the database itself (not from EF) as sorted lines that can be compared.</summary>
internal static class SchemaReader
{
    public static async Task<IReadOnlyList<string>> ReadAsync(RoadmapDbContext db, DatabaseProvider provider)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = provider == DatabaseProvider.Sqlite ? await ReadSqliteAsync(connection) : await ReadPostgresAsync(connection);
            // Only the app's own catalogue: Quartz creates and owns its qrtz_ tables when a scheduler starts.
            return lines
                .Where(l => !l.Contains("__EFMigrations", StringComparison.Ordinal) && !l.Contains(SchedulingSetup.TablePrefix, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        foreach (var table in tables)
        {
            lines.AddRange(await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")", r =>
                $"column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)} default={(r.IsDBNull(4) ? "none" : r.GetString(4))}"));
            lines.AddRange(await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")", r =>
                $"fk {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            var indexes = await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")", r => (Name: r.GetString(1), Unique: r.GetInt64(2)));
            foreach (var index in indexes.Where(i => !i.Name.StartsWith("sqlite_autoindex", StringComparison.Ordinal)))
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info(\"{index.Name}\")", r => r.GetString(2));
                lines.Add($"index {table}.{index.Name} ({string.Join(",", columns)}) unique={index.Unique}");
            }
        }

        lines.AddRange(await QueryAsync(connection, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'", r => $"autoincrement {r.GetString(0)}"));
        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length, -1), is_nullable, is_identity, coalesce(identity_generation, ''),
                   coalesce(column_default, 'none')
            FROM information_schema.columns WHERE table_schema = 'public'
            """, r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(3)}) nullable={r.GetString(4)} identity={r.GetString(5)} {r.GetString(6)} default={r.GetString(7)}");
        lines.AddRange(await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'", r =>
            $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.AddRange(await QueryAsync(connection, """
            SELECT tc.table_name, tc.constraint_name, tc.constraint_type, coalesce(rc.delete_rule, ''),
                   string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            LEFT JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name AND rc.constraint_schema = tc.table_schema
            WHERE tc.table_schema = 'public'
            GROUP BY tc.table_name, tc.constraint_name, tc.constraint_type, rc.delete_rule
            """, r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)} ({r.GetString(4)}) {r.GetString(3)}"));
        return lines;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
