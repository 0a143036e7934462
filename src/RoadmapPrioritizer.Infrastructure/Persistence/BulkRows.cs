using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

/// <summary>
/// Set-based writes, in the caller's transaction, for rows written by the thousand (a rescore's
/// snapshots and input changes, audit rows): binary COPY on PostgreSQL, one prepared statement reused
/// for every row on SQLite. Tables, columns and value conversions come from the EF model, so a row is
/// stored exactly as SaveChanges would store it. SaveChanges sends one statement per row, each parsed
/// and planned on its own: for 10,000 rows that is seconds, against tenths of a second here.
/// </summary>
internal static class BulkRows
{
    /// <summary>Inserts new rows; keys the database generates are left to it and not read back.</summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var columns = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = Table(sql, type);
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())));
        switch (Connection(db, out var transaction))
        {
            case NpgsqlConnection postgres:
                await CopyAsync(postgres, $"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", rows, columns.Select(Getter<T>).ToList(), ct);
                break;
            case SqliteConnection sqlite:
                var parameters = Enumerable.Range(0, columns.Count).Select(i => $"$p{i}").ToList();
                await using (var insert = Prepare(sqlite, transaction, $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", parameters)})", parameters))
                {
                    foreach (var row in rows)
                    {
                        await ExecuteAsync(insert, columns.Select(c => ProviderValue(c, c.GetGetter().GetClrValue(row))), ct);
                    }
                }

                break;
            default:
                throw new NotSupportedException($"Bulk writes support PostgreSQL and SQLite, not {db.Database.ProviderName}.");
        }
    }

    /// <summary>
    /// Writes tracked updates of one entity type: every column modified in any of them gets its current
    /// value, on the condition that each row's concurrency tokens still hold their original values, as
    /// SaveChanges checks them. One row changed meanwhile fails the whole write with
    /// <see cref="DbUpdateConcurrencyException"/>. The entries stay Modified; the caller accepts them.
    /// </summary>
    public static async Task UpdateAsync<T>(DbContext db, IReadOnlyList<EntityEntry<T>> entries, CancellationToken ct)
        where T : class
    {
        if (entries.Count == 0)
        {
            return;
        }

        var type = db.Model.FindEntityType(typeof(T))!;
        var keys = type.FindPrimaryKey()!.Properties;
        var tokens = type.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
        var modified = type.GetProperties().Where(p => entries.Any(e => e.Property(p.Name).IsModified)).ToList();
        if (entries.Any(e => e.State != EntityState.Modified) || modified.Any(keys.Contains))
        {
            throw new InvalidOperationException("Bulk updates take modified entries with their keys unchanged.");
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var table = Table(sql, type);
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName());
        object? Current(EntityEntry<T> e, IProperty p) => ProviderValue(p, e.Property(p.Name).CurrentValue);
        object? Original(EntityEntry<T> e, IProperty p) => ProviderValue(p, e.Property(p.Name).OriginalValue);

        int updated;
        switch (Connection(db, out var transaction))
        {
            case NpgsqlConnection postgres:
                // Keys, the tokens' expected values and the new values staged by COPY, then one UPDATE ... FROM.
                var staging = sql.DelimitIdentifier($"bulk_{type.GetTableName()}");
                var staged = keys.Select((k, i) => $"{Column(k)} AS k{i}")
                    .Concat(tokens.Select((t, i) => $"{Column(t)} AS t{i}"))
                    .Concat(modified.Select((m, i) => $"{Column(m)} AS v{i}"));
                await ExecuteAsync(postgres, $"DROP TABLE IF EXISTS {staging}; CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT {string.Join(", ", staged)} FROM {table} WITH NO DATA", ct);
                var values = keys.Select(k => (Func<EntityEntry<T>, object?>)(e => Current(e, k)))
                    .Concat(tokens.Select(t => (Func<EntityEntry<T>, object?>)(e => Original(e, t))))
                    .Concat(modified.Select(m => (Func<EntityEntry<T>, object?>)(e => Current(e, m))))
                    .ToList();
                await CopyAsync(postgres, $"COPY {staging} FROM STDIN (FORMAT BINARY)", entries, values, ct);
                updated = await ExecuteAsync(
                    postgres,
                    $"UPDATE {table} AS d SET {string.Join(", ", modified.Select((m, i) => $"{Column(m)} = s.v{i}"))} FROM {staging} AS s "
                    + $"WHERE {string.Join(" AND ", keys.Select((k, i) => $"d.{Column(k)} = s.k{i}").Concat(tokens.Select((t, i) => $"d.{Column(t)} = s.t{i}")))}",
                    ct);
                break;
            case SqliteConnection sqlite:
                var set = modified.Select((m, i) => $"{Column(m)} = $v{i}");
                var where = keys.Select((k, i) => $"{Column(k)} = $k{i}").Concat(tokens.Select((t, i) => $"{Column(t)} = $t{i}"));
                var parameters = modified.Select((_, i) => $"$v{i}").Concat(keys.Select((_, i) => $"$k{i}")).Concat(tokens.Select((_, i) => $"$t{i}")).ToList();
                await using (var update = Prepare(sqlite, transaction, $"UPDATE {table} SET {string.Join(", ", set)} WHERE {string.Join(" AND ", where)}", parameters))
                {
                    updated = 0;
                    foreach (var entry in entries)
                    {
                        updated += await ExecuteAsync(update, modified.Select(m => Current(entry, m)).Concat(keys.Select(k => Current(entry, k))).Concat(tokens.Select(t => Original(entry, t))), ct);
                    }
                }

                break;
            default:
                throw new NotSupportedException($"Bulk writes support PostgreSQL and SQLite, not {db.Database.ProviderName}.");
        }

        if (updated != entries.Count)
        {
            throw new DbUpdateConcurrencyException(
                $"{entries.Count - updated} of {entries.Count} {type.ClrType.Name} rows were changed or deleted by someone else meanwhile; nothing was written.");
        }
    }

    private static string Table(ISqlGenerationHelper sql, IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

    private static DbConnection Connection(DbContext db, out DbTransaction transaction)
    {
        transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run in the caller's transaction: begin one first.");
        return db.Database.GetDbConnection();
    }

    /// <summary>The value as the column stores it: after the property's value converter (enums as names, value objects as numbers).</summary>
    private static object? ProviderValue(IProperty property, object? value) =>
        value is not null && property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;

    private static Func<T, object?> Getter<T>(IProperty property)
        where T : class
    {
        var getter = property.GetGetter();
        return row => ProviderValue(property, getter.GetClrValue(row));
    }

    private static async Task CopyAsync<TRow>(NpgsqlConnection connection, string copy, IEnumerable<TRow> rows, IReadOnlyList<Func<TRow, object?>> values, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var value in values)
            {
                // The PostgreSQL type follows the provider value's CLR type, which is what the model mapped the column from.
                if (value(row) is { } v)
                {
                    await importer.WriteAsync(v, ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string command, CancellationToken ct)
    {
        await using var statement = new NpgsqlCommand(command, connection) { CommandTimeout = 0 };
        return await statement.ExecuteNonQueryAsync(ct);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, DbTransaction transaction, string command, IReadOnlyList<string> parameters)
    {
        var statement = connection.CreateCommand();
        statement.Transaction = (SqliteTransaction)transaction;
        statement.CommandText = command;
        foreach (var name in parameters)
        {
            statement.Parameters.Add(new SqliteParameter(name, null));
        }

        statement.Prepare();
        return statement;
    }

    /// <summary>Binds the values to the prepared statement's parameters, in order, and runs it.</summary>
    private static async Task<int> ExecuteAsync(SqliteCommand statement, IEnumerable<object?> values, CancellationToken ct)
    {
        var i = 0;
        foreach (var value in values)
        {
            statement.Parameters[i++].Value = value ?? DBNull.Value;
        }

        return await statement.ExecuteNonQueryAsync(ct);
    }
}
