using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Bench.Rescore;

/// <summary>What was loaded, for checking what the baseline and the app read.</summary>
internal sealed record LoadedEvidence(int Responses, int InWindow, int Orders, int FunnelDays, int Initiatives);

/// <summary>
/// A shop's evidence, generated from a fixed seed and loaded into a migrated database: one theme,
/// initiatives still to do each with an evidence link, survey responses (most in the rescore window,
/// the rest up to three years older, in time order as imports add them), three years of daily funnel
/// for the whole shop and 20 segments, and orders. Survey responses, funnel days and orders go in by
/// binary COPY; initiatives and links through EF, as the app creates them.
/// </summary>
internal static class RescoreData
{
    public const int Segments = 20;
    public const int FunnelYears = 3;
    public const double InWindowShare = 0.6;

    private static readonly string[] Topics =
    [
        "shipping", "price", "size", "colour", "checkout", "delivery", "returns", "gift", "payment", "account",
        "search", "photos", "stock", "discount", "quality", "packaging", "engraving", "reviews", "newsletter", "loyalty",
    ];

    private static readonly string[] Qualifiers =
    [
        "too expensive", "unclear", "too slow", "missing", "broken", "confusing", "not available", "hard to find", "too small", "wanted",
    ];

    private static readonly string[] Filler =
    [
        "the", "a", "i", "was", "would", "like", "to", "and", "it", "my", "for", "is", "not", "with", "of", "please",
        "more", "really", "could", "you", "we", "had", "on", "so", "very", "but", "just", "be", "in", "at",
    ];

    private static readonly string[] Syllables =
    [
        "ka", "ro", "mi", "ne", "ta", "lu", "vo", "si", "pe", "da", "fi", "go", "ha", "je", "ku", "lo", "ma", "nu", "ri", "te",
    ];

    private static readonly SurveyType[] Types = Enum.GetValues<SurveyType>();

    /// <summary>200 reasons as a survey offers them: "Shipping too slow".</summary>
    public static IReadOnlyList<string> Reasons { get; } =
        [.. Topics.SelectMany(t => Qualifiers.Select(q => $"{char.ToUpperInvariant(t[0])}{t[1..]} {q}"))];

    /// <summary>1,000 made-up product words ("karomi"), the keyword pool; texts mix them with filler words.</summary>
    public static IReadOnlyList<string> Words { get; } =
        [.. Enumerable.Range(0, 1000).Select(i => Syllables[i % 20] + Syllables[i / 20 % 20] + Syllables[(i / 400) + 3])];

    /// <param name="asOf">Midnight UTC of the run's day: evidence ends just before it.</param>
    public static async Task<LoadedEvidence> LoadAsync(string connectionString, int responses, int initiatives, DateTime asOf, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        await using (var db = AppContexts.Create(DatabaseProvider.Postgres, connectionString))
        {
            var theme = Theme.Create("Conversion optimisation", "Benchmark theme.", "#2f6f6a", asOf.AddYears(-1));
            db.Themes.Add(theme);
            await db.SaveChangesAsync(ct);

            var created = Enumerable.Range(0, initiatives).Select(i => Initiative.Create(
                new InitiativeDefinition(
                    $"Initiative {i}",
                    null,
                    theme.Id,
                    (Horizon)(i % 3),
                    null,
                    (InitiativeStatus)random.Next(3), // Idea, Planned, InProgress: all still to do
                    null,
                    null,
                    Reach.Create(100),
                    Impact.Create(1),
                    Confidence.Create(0.5),
                    Effort.Create(1 + random.Next(6)),
                    new Dictionary<string, int>()),
                asOf.AddDays(-200))).ToList();
            db.Initiatives.AddRange(created);
            await db.SaveChangesAsync(ct);

            db.EvidenceLinks.AddRange(created.Select(initiative => EvidenceLink.Create(initiative.Id, RandomLink(random), asOf.AddDays(-100))));
            await db.SaveChangesAsync(ct);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, "INSERT INTO evidence_sources (kind, name, enabled, settings_json, created_at) VALUES ('Csv', 'bench', true, '{}', now())", ct);
        var sourceId = Convert.ToInt32(await ScalarAsync(connection, "SELECT id FROM evidence_sources WHERE name = 'bench'", ct), CultureInfo.InvariantCulture);

        var inWindow = await CopyResponsesAsync(connection, sourceId, responses, asOf, random, ct);
        var orders = Math.Max(1, responses / 10);
        await CopyOrdersAsync(connection, sourceId, orders, asOf, random, ct);
        var funnelDays = await CopyFunnelAsync(connection, sourceId, asOf, random, ct);

        // The inputs as entered, so every timed rescore starts from the same state and moves the same inputs.
        await ExecuteAsync(connection, "CREATE TABLE bench_inputs AS SELECT id, reach, impact, confidence FROM initiatives", ct);
        await ExecuteAsync(connection, "VACUUM ANALYZE", ct);
        return new LoadedEvidence(responses, inWindow, orders, funnelDays, initiatives);
    }

    /// <summary>Puts every initiative's inputs back as they were loaded (untimed, before each app run).</summary>
    public static async Task ResetInputsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(
            connection,
            "UPDATE initiatives i SET reach = b.reach, impact = b.impact, confidence = b.confidence FROM bench_inputs b WHERE b.id = i.id",
            ct);
        await ExecuteAsync(connection, "VACUUM ANALYZE initiatives", ct);
    }

    /// <summary>The newest audit row's id (0: none), so what one app run wrote can be told apart.</summary>
    public static async Task<long> MaxAuditIdAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return Convert.ToInt64(await ScalarAsync(connection, "SELECT coalesce(max(id), 0) FROM audit_entries", ct), CultureInfo.InvariantCulture);
    }

    private static EvidenceLinkDefinition RandomLink(Random random)
    {
        var reasons = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Reasons[random.Next(Reasons.Count)]).ToList();

        // Mostly product words; now and then a topic, which is found in reasons and tags as well as text.
        var keywords = Enumerable.Range(0, random.Next(3))
            .Select(_ => random.Next(10) == 0 ? Topics[random.Next(Topics.Length)] : Words[random.Next(Words.Count)])
            .ToList();
        var types = random.Next(5) < 2 ? [] : Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Types[random.Next(Types.Length)]).ToList();
        FunnelStep? step = random.Next(2) == 0 ? (FunnelStep)random.Next(4) : null;
        return new EvidenceLinkDefinition(reasons, keywords, types, step);
    }

    private static async Task<int> CopyResponsesAsync(NpgsqlConnection connection, int sourceId, int count, DateTime asOf, Random random, CancellationToken ct)
    {
        var windowStart = asOf.AddDays(-90);
        var historyStart = asOf.AddYears(-FunnelYears);
        var older = (int)Math.Round(count * (1 - InWindowShare));
        var customers = Math.Max(1_000, count / 5);
        var text = new System.Text.StringBuilder();

        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY survey_responses (source_id, external_id, survey_type, submitted_at, reason, text, score, customer_hash, tags) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < count; i++)
        {
            // Time order, as imports add them: the older share spread over three years, the rest over the window.
            var submitted = i < older
                ? historyStart + ((windowStart - historyStart) * ((i + random.NextDouble()) / older))
                : windowStart + ((asOf - windowStart) * ((i - older + random.NextDouble()) / (count - older)));
            var type = RandomType(random);
            var reason = random.Next(10) == 0 ? null : Reasons[Skewed(random, Reasons.Count)];
            string? words = null;
            if (random.Next(10) >= 3)
            {
                text.Clear();
                var length = 4 + random.Next(9);
                for (var w = 0; w < length; w++)
                {
                    var word = random.Next(2) == 0 ? Filler[random.Next(Filler.Length)] : Words[Skewed(random, Words.Count)];
                    text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == length - 1 ? "." : random.Next(8) == 0 ? ", " : " ");
                }

                words = text.ToString();
            }

            double? score = type switch
            {
                SurveyType.NPS => random.Next(11),
                SurveyType.CSAT => 1 + random.Next(5),
                _ => null,
            };
            var customer = random.Next(10) < 7 ? random.Next(customers).ToString("x32", CultureInfo.InvariantCulture) : null;
            var tags = random.Next(5) == 0 ? $"{Topics[random.Next(Topics.Length)]},{Topics[random.Next(Topics.Length)]}" : null;

            await writer.StartRowAsync(ct);
            await writer.WriteAsync(sourceId, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync($"r{i:D9}", NpgsqlDbType.Text, ct);
            await writer.WriteAsync(type.ToString(), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(DateTime.SpecifyKind(submitted, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(writer, reason, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, words, NpgsqlDbType.Text, ct);
            if (score is { } value)
            {
                await writer.WriteAsync(value, NpgsqlDbType.Double, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await WriteNullableAsync(writer, customer, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, tags, NpgsqlDbType.Text, ct);
        }

        await writer.CompleteAsync(ct);
        return count - older;
    }

    private static async Task CopyOrdersAsync(NpgsqlConnection connection, int sourceId, int count, DateTime asOf, Random random, CancellationToken ct)
    {
        var start = asOf.AddYears(-FunnelYears);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY orders (source_id, external_id, customer_hash, created_at, total_minor, currency, item_count) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < count; i++)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(sourceId, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync($"o{i:D9}", NpgsqlDbType.Text, ct);
            await writer.WriteAsync(random.Next(50_000).ToString("x32", CultureInfo.InvariantCulture), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(DateTime.SpecifyKind(start + ((asOf - start) * ((i + random.NextDouble()) / count)), DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync((long)(1_500 + random.Next(20_000)), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync("EUR", NpgsqlDbType.Text, ct);
            await writer.WriteAsync(1 + random.Next(4), NpgsqlDbType.Integer, ct);
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>Every day of three years up to yesterday, for the whole shop ("") and 20 segments.</summary>
    private static async Task<int> CopyFunnelAsync(NpgsqlConnection connection, int sourceId, DateTime asOf, Random random, CancellationToken ct)
    {
        var last = DateOnly.FromDateTime(asOf).AddDays(-1);
        var first = last.AddYears(-FunnelYears).AddDays(1);
        var segments = new[] { string.Empty }.Concat(Enumerable.Range(1, Segments).Select(s => $"segment-{s:D2}")).ToList();
        var rows = 0;
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY funnel_days (source_id, date, segment, sessions, product_views, add_to_cart, checkout_started, checkout_completed, revenue_minor, currency) FROM STDIN (FORMAT BINARY)", ct);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var segment in segments)
            {
                var sessions = (long)((segment.Length == 0 ? 4_000 : 200) * (0.8 + (0.4 * random.NextDouble())));
                var views = (long)(sessions * 0.6);
                var cart = (long)(views * 0.15);
                var started = (long)(cart * 0.6);
                var completed = (long)(started * 0.7);
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(sourceId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(day, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(segment, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(sessions, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(views, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(cart, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(started, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(completed, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(completed * 4_500, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync("EUR", NpgsqlDbType.Text, ct);
                rows++;
            }
        }

        await writer.CompleteAsync(ct);
        return rows;
    }

    private static SurveyType RandomType(Random random) => random.Next(100) switch
    {
        < 30 => SurveyType.ExitIntent,
        < 55 => SurveyType.PostPurchase,
        < 70 => SurveyType.NPS,
        < 80 => SurveyType.CSAT,
        < 95 => SurveyType.FeatureRequest,
        < 98 => SurveyType.CES,
        _ => SurveyType.Custom,
    };

    /// <summary>A few values dominate, as in real answers: index = n * u^2.</summary>
    private static int Skewed(Random random, int n)
    {
        var u = random.NextDouble();
        return (int)(n * u * u);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync(value, type, ct);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
