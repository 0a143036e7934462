using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;

namespace RoadmapPrioritizer.Bench.Rescore;

/// <summary>
/// What the app's rescore did, for checking one run against the next, and where its time went as the
/// service logs it (reading the initiatives and evidence, deriving and ranking, saving).
/// </summary>
internal sealed record AppResult(TimeSpan Time, int Initiatives, int Changed, RunPhases Phases, long RunId, long AuditBefore);

/// <summary>The seconds a rescore run reports in its log line.</summary>
internal sealed record RunPhases(double Evidence, double Derive, double Save);

/// <summary>
/// The two things the rescore benchmark times against one loaded database. Each checks what it read
/// or wrote; a wrong count is an error, not a figure.
/// </summary>
internal sealed class RescoreSteps(BenchPostgres postgres, string database, LoadedEvidence loaded, DateTimeOffset now)
{
    private const string Responses =
        "SELECT external_id, survey_type, reason, text, tags, customer_hash, submitted_at FROM survey_responses WHERE submitted_at >= $1 AND submitted_at < $2";

    private const string LatestNps =
        """
        SELECT DISTINCT ON (customer_hash) customer_hash, score FROM survey_responses
        WHERE survey_type = 'NPS' AND customer_hash IS NOT NULL AND score IS NOT NULL AND submitted_at < $1
        ORDER BY customer_hash, submitted_at DESC, id DESC
        """;

    private const string Funnel =
        """
        SELECT date, sum(sessions), sum(product_views), sum(add_to_cart), sum(checkout_started), sum(checkout_completed)
        FROM funnel_days WHERE segment = '' AND date >= $1 AND date < $2 GROUP BY date
        """;

    private const string Orders = "SELECT count(*) FROM orders WHERE created_at >= $1 AND created_at < $2";

    private const string BareRun =
        """
        INSERT INTO rescore_runs (trigger, state, actor, started_at, finished_at, as_of, initiatives, changed)
        SELECT trigger, state, actor, started_at, finished_at, as_of, initiatives, changed FROM rescore_runs WHERE id = $1 RETURNING id
        """;

    // The columns the run changed (its inputs, updated_at) set to themselves and the version moved on, as the app's UPDATE does.
    private const string BareUpdate =
        """
        UPDATE initiatives SET reach = reach, impact = impact, confidence = confidence, updated_at = updated_at, version = version + 1
        WHERE id IN (SELECT CAST(entity_id AS integer) FROM audit_entries WHERE id > $1 AND entity_type = 'Initiative')
        """;

    private const string BareAudit =
        """
        INSERT INTO audit_entries (at, actor_id, actor_name, action, entity_type, entity_id, subject, changes)
        SELECT at, actor_id, actor_name, action, entity_type, entity_id, subject, changes FROM audit_entries WHERE id > $1
        """;

    private const string BareSnapshots =
        """
        INSERT INTO score_snapshots (run_id, initiative_id, reach, impact, confidence, effort, rice_score, brand_fit, priority_score, rank, details)
        SELECT $2, initiative_id, reach, impact, confidence, effort, rice_score, brand_fit, priority_score, rank, details FROM score_snapshots WHERE run_id = $1
        """;

    private readonly DateOnly _asOf = DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>
    /// The baseline: bare SQL over one connection that reads the evidence the rescore reads, every
    /// column of every row taken by the client: the window's funnel per day, the orders count, each
    /// customer's latest NPS, and the window's survey responses.
    /// </summary>
    public async Task<TimeSpan> BaselineAsync(CancellationToken ct)
    {
        var from = _asOf.AddDays(-new RescoreOptions().WindowDays);
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var untilUtc = _asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await postgres.CheckpointAsync(ct);

        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);

        long funnelSum = 0;
        var days = 0;
        await using (var command = Command(connection, Funnel, (from, NpgsqlDbType.Date), (_asOf, NpgsqlDbType.Date)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                _ = reader.GetFieldValue<DateOnly>(0);
                for (var c = 1; c <= 5; c++)
                {
                    funnelSum += reader.GetInt64(c);
                }

                days++;
            }
        }

        await using (var command = Command(connection, Orders, (fromUtc, NpgsqlDbType.TimestampTz), (untilUtc, NpgsqlDbType.TimestampTz)))
        {
            _ = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        var customers = 0;
        await using (var command = Command(connection, LatestNps, (untilUtc, NpgsqlDbType.TimestampTz)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                _ = reader.GetString(0);
                _ = reader.GetDouble(1);
                customers++;
            }
        }

        var responses = 0;
        long characters = 0;
        await using (var command = Command(connection, Responses, (fromUtc, NpgsqlDbType.TimestampTz), (untilUtc, NpgsqlDbType.TimestampTz)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                characters += reader.GetString(0).Length + reader.GetString(1).Length;
                for (var c = 2; c <= 5; c++)
                {
                    characters += reader.IsDBNull(c) ? 0 : reader.GetString(c).Length;
                }

                _ = reader.GetDateTime(6);
                responses++;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (responses != loaded.InWindow || days != new RescoreOptions().WindowDays || customers == 0 || funnelSum <= 0 || characters <= 0)
        {
            throw new InvalidOperationException($"The baseline read {responses:N0} responses (expected {loaded.InWindow:N0}), {days} funnel days, {customers:N0} NPS customers.");
        }

        return elapsed;
    }

    /// <summary>
    /// The app: <see cref="RescoreService.RunAsync"/> end to end on a fresh context, as the nightly job
    /// runs it (funnel incidents, evidence, derivation, ranking, 10,000 snapshots and the audited save).
    /// The inputs are put back first (untimed) so every run moves the same inputs and writes the same audit rows.
    /// </summary>
    public async Task<AppResult> AppAsync(CancellationToken ct)
    {
        await RescoreData.ResetInputsAsync(database, ct);
        var auditBefore = await RescoreData.MaxAuditIdAsync(database, ct);
        await postgres.CheckpointAsync(ct);

        var log = new RunLog();
        var started = Stopwatch.GetTimestamp();
        await using var db = AppContexts.Create(DatabaseProvider.Postgres, database);
        var clock = new FixedClock(now);
        var service = new RescoreService(
            db,
            new IncidentService(db, Options.Create(new IncidentOptions()), NullLogger<IncidentService>.Instance),
            Options.Create(new RescoreOptions()),
            clock,
            log);
        var run = await service.RunAsync(RunTrigger.Manual, "bench", ct)
            ?? throw new InvalidOperationException("Another rescore was under way.");
        var elapsed = Stopwatch.GetElapsedTime(started);

        var snapshots = await db.ScoreSnapshots.CountAsync(s => s.RunId == run.Id, ct);
        if (run.State != RunState.Succeeded || run.Initiatives != loaded.Initiatives || snapshots != loaded.Initiatives)
        {
            throw new InvalidOperationException($"Rescore {run.Id} {run.State}: {run.Initiatives:N0} initiatives, {snapshots:N0} snapshots (expected {loaded.Initiatives:N0}). {run.Error}");
        }

        var phases = log.Phases ?? throw new InvalidOperationException($"Rescore {run.Id} logged no phases.");
        return new AppResult(elapsed, run.Initiatives, run.Changed, phases, run.Id, auditBefore);
    }

    /// <summary>
    /// Diagnostic, the floor of the app's writes: what one app run wrote (its input changes, their audit
    /// rows, its snapshots) written again by bare SQL from the rows already in the database, so the server
    /// does the same row, index and foreign-key work with no client, no data sent and no conversion; in
    /// one transaction, rolled back. No implementation of the run can write in less.
    /// </summary>
    public async Task<TimeSpan> BareWritesAsync(AppResult app, CancellationToken ct)
    {
        await postgres.CheckpointAsync(ct);
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var run = (long)(await ScalarAsync(connection, BareRun, app.RunId, ct))!;
        var updated = await ExecuteAsync(connection, BareUpdate, app.AuditBefore, ct);
        var audited = await ExecuteAsync(connection, BareAudit, app.AuditBefore, ct);
        var snapshots = await ExecuteAsync(connection, BareSnapshots, app.RunId, ct, run);
        await transaction.RollbackAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (updated != app.Changed || audited != app.Changed || snapshots != app.Initiatives)
        {
            throw new InvalidOperationException($"The bare writes touched {updated:N0} initiatives, {audited:N0} audit rows and {snapshots:N0} snapshots (the app: {app.Changed:N0}, {app.Changed:N0}, {app.Initiatives:N0}).");
        }

        return elapsed;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, long parameter, CancellationToken ct)
    {
        await using var command = Command(connection, sql, (parameter, NpgsqlDbType.Bigint));
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, long parameter, CancellationToken ct, long? second = null)
    {
        await using var command = second is { } value
            ? Command(connection, sql, (parameter, NpgsqlDbType.Bigint), (value, NpgsqlDbType.Bigint))
            : Command(connection, sql, (parameter, NpgsqlDbType.Bigint));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (object Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
        }

        return command;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The service's log, kept only for the seconds of its "rescored" line.</summary>
    private sealed class RunLog : ILogger<RescoreService>
    {
        public RunPhases? Phases { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key == "EvidenceSeconds"))
            {
                double Seconds(string name) => (double)values.Single(v => v.Key == name).Value!;
                Phases = new RunPhases(Seconds("EvidenceSeconds"), Seconds("DeriveSeconds"), Seconds("SaveSeconds"));
            }
        }
    }
}
