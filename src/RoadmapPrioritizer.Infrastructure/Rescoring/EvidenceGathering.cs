using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>
/// Reads the evidence of a window once for every link at the same time: the whole-shop funnel per
/// day and the orders count in SQL, the survey responses streamed through one <see cref="EvidenceTally"/>.
/// The cost grows with the evidence, not with evidence × initiatives.
/// </summary>
internal static class EvidenceGathering
{
    private const int BatchSize = 1024;

    private static readonly Dictionary<string, SurveyType> SurveyTypeNames =
        Enum.GetValues<SurveyType>().ToDictionary(t => t.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// The newest matching responses (of the accepted types) of the link, newest first, at most
    /// <paramref name="samples"/>; for showing a person what the link catches.
    /// </summary>
    public static async Task<(InitiativeEvidence Evidence, IReadOnlyList<EvidenceSample> Samples)> GatherOneAsync(
        RoadmapDbContext db, EvidenceLink link, DateOnly from, DateOnly until, int samples, CancellationToken ct)
    {
        var kept = new List<EvidenceSample>();
        var evidence = await GatherAsync(db, [link], from, until, ct, sample =>
        {
            kept.Add(sample);
            if (kept.Count > samples)
            {
                kept.Remove(kept.MinBy(k => (k.SubmittedAt, k.ExternalId))!);
            }
        });
        return (evidence[0], kept.OrderByDescending(k => k.SubmittedAt).ThenByDescending(k => k.ExternalId, StringComparer.Ordinal).ToList());
    }

    /// <param name="from">The window's first day.</param>
    /// <param name="until">The day after the window's last.</param>
    /// <param name="onCounted">Given every response that counts for at least one link (with one link: for it).</param>
    /// <returns>One <see cref="InitiativeEvidence"/> per link, in the same order.</returns>
    public static async Task<IReadOnlyList<InitiativeEvidence>> GatherAsync(
        RoadmapDbContext db, IReadOnlyList<EvidenceLink> links, DateOnly from, DateOnly until, CancellationToken ct, Action<EvidenceSample>? onCounted = null)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var untilUtc = until.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var funnel = links.Any(l => l.FunnelStep is not null) ? await WholeShopFunnel.DaysAsync(db, from, until, ct) : [];
        var orders = links.Any(l => l.FunnelStep == FunnelStep.CheckoutCompleted)
            ? await db.Orders.CountAsync(o => o.CreatedAt >= fromUtc && o.CreatedAt < untilUtc, ct)
            : 0;
        var survey = links.Any(l => l.LinksResponses) ? await SurveyAsync(db, links, fromUtc, untilUtc, onCounted, ct) : null;

        var result = new InitiativeEvidence[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var found = survey is null || !link.LinksResponses ? SurveyEvidence.None : survey.For(i);
            result[i] = new InitiativeEvidence(
                found.Responses,
                found.Matched,
                found.NewestMatch,
                found.Requests,
                link.FunnelStep is { } step ? Step(funnel, step) : null,
                orders);
        }

        return result;
    }

    private static FunnelEvidence? Step(List<FunnelDay> days, FunnelStep step)
    {
        if (days.Count == 0)
        {
            return null;
        }

        return new FunnelEvidence(days.Sum(d => d.PreviousCount(step)), days.Sum(d => d.Count(step)), days.Count, days.Max(d => d.Date));
    }

    private static async Task<EvidenceTally> SurveyAsync(
        RoadmapDbContext db, IReadOnlyList<EvidenceLink> links, DateTime fromUtc, DateTime untilUtc, Action<EvidenceSample>? onCounted, CancellationToken ct)
    {
        // Reading the rows and counting them take about as long as each other, so they run side by side:
        // this reads batches of rows while another thread counts the batches before.
        var batches = Channel.CreateBounded<ArraySegment<Row>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var counting = Task.Run(() => CountAsync(links, batches.Reader, onCounted, failed), ct);
        try
        {
            var nps = await LatestNpsAsync(db, untilUtc, ct);
            await ReadAsync(db, fromUtc, untilUtc, nps, onCounted is not null, batches.Writer, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The counting failed and stopped the reading; awaiting it rethrows why.
        }
        finally
        {
            batches.Writer.TryComplete();
        }

        return await counting;
    }

    /// <summary>
    /// Reads the window's responses in batches. Hundreds of thousands of rows a night, so straight from
    /// the data reader (EF writes the SQL and its parameters); the external id only when samples are
    /// wanted, the customer only of feature requests (the database leaves the others out), whose asker is looked up here.
    /// </summary>
    private static async Task ReadAsync(
        RoadmapDbContext db, DateTime fromUtc, DateTime untilUtc, Dictionary<string, double> nps, bool withIds, ChannelWriter<ArraySegment<Row>> batches, CancellationToken ct)
    {
        var window = db.SurveyResponses.Where(r => r.SubmittedAt >= fromUtc && r.SubmittedAt < untilUtc);
        await using var command = withIds
            ? window.Select(r => new { r.SurveyType, r.SubmittedAt, r.Reason, r.Text, r.Tags, Asker = r.SurveyType == SurveyType.FeatureRequest ? r.CustomerHash : null, r.ExternalId }).CreateDbCommand()
            : window.Select(r => new { r.SurveyType, r.SubmittedAt, r.Reason, r.Text, r.Tags, Asker = r.SurveyType == SurveyType.FeatureRequest ? r.CustomerHash : null }).CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var batch = new Row[BatchSize];
            var count = 0;
            while (await reader.ReadAsync(ct))
            {
                var type = SurveyTypeOf(reader.GetString(0));
                var asker = type == SurveyType.FeatureRequest && !reader.IsDBNull(5) && nps.TryGetValue(reader.GetString(5), out var score)
                    ? NpsGroups.Of(score)
                    : NpsGroup.Unknown;
                batch[count++] = new Row(
                    type,
                    DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc), // SQLite keeps text, without a kind
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    asker,
                    withIds ? reader.GetString(6) : null);
                if (count == BatchSize)
                {
                    await batches.WriteAsync(batch, ct);
                    (batch, count) = (new Row[BatchSize], 0);
                }
            }

            await batches.WriteAsync(new ArraySegment<Row>(batch, 0, count), ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<EvidenceTally> CountAsync(
        IReadOnlyList<EvidenceLink> links, ChannelReader<ArraySegment<Row>> batches, Action<EvidenceSample>? onCounted, CancellationTokenSource failed)
    {
        try
        {
            var tally = new EvidenceTally(links);
            await foreach (var batch in batches.ReadAllAsync(failed.Token))
            {
                Count(tally, batch, onCounted);
            }

            return tally;
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private static void Count(EvidenceTally tally, ReadOnlySpan<Row> batch, Action<EvidenceSample>? onCounted)
    {
        foreach (ref readonly var r in batch)
        {
            if (tally.Add(r.Type, r.SubmittedAt, r.Reason, r.Text, r.Tags, r.Asker) && onCounted is not null)
            {
                onCounted(new EvidenceSample(r.ExternalId!, r.Type, r.SubmittedAt, r.Reason, r.Text));
            }
        }
    }

    /// <summary>The type as stored (its name, <c>HasConversion&lt;string&gt;()</c>).</summary>
    private static SurveyType SurveyTypeOf(string stored) =>
        SurveyTypeNames.TryGetValue(stored, out var type) ? type : throw new InvalidOperationException($"Unknown survey type '{stored}' in survey_responses.");

    /// <summary>Each customer's latest NPS answer before the window ends (later answers of the same moment: the highest id).</summary>
    private static async Task<Dictionary<string, double>> LatestNpsAsync(RoadmapDbContext db, DateTime untilUtc, CancellationToken ct)
    {
        var latest = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var command = db.SurveyResponses
            .Where(r => r.SurveyType == SurveyType.NPS && r.CustomerHash != null && r.Score != null && r.SubmittedAt < untilUtc)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new { r.CustomerHash, r.Score })
            .CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                latest[reader.GetString(0)] = reader.GetDouble(1);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return latest;
    }

    /// <summary>One response as read for the tally; the external id only when samples are wanted.</summary>
    private readonly record struct Row(SurveyType Type, DateTime SubmittedAt, string? Reason, string? Text, string? Tags, NpsGroup Asker, string? ExternalId);
}

/// <summary>One matching response, as the initiative page quotes it.</summary>
public sealed record EvidenceSample(string ExternalId, SurveyType SurveyType, DateTime SubmittedAt, string? Reason, string? Text);
