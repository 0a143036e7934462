using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>
/// Reads the evidence of a window once for every link at the same time: the whole-shop funnel per
/// day and the orders count in SQL, the survey responses streamed through one <see cref="EvidenceMatcher"/>.
/// The cost grows with the evidence, not with evidence × initiatives.
/// </summary>
internal static class EvidenceGathering
{
    /// <summary>
    /// The newest matching responses (of the accepted types) of the first link, newest first, at most
    /// <paramref name="samples"/>; for showing a person what the link catches.
    /// </summary>
    public static async Task<(InitiativeEvidence Evidence, IReadOnlyList<EvidenceSample> Samples)> GatherOneAsync(
        RoadmapDbContext db, EvidenceLink link, DateOnly from, DateOnly until, int samples, CancellationToken ct)
    {
        var kept = new List<EvidenceSample>();
        var evidence = await GatherAsync(db, [link], from, until, ct, (index, sample) =>
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
    /// <returns>One <see cref="InitiativeEvidence"/> per link, in the same order.</returns>
    public static async Task<IReadOnlyList<InitiativeEvidence>> GatherAsync(
        RoadmapDbContext db, IReadOnlyList<EvidenceLink> links, DateOnly from, DateOnly until, CancellationToken ct, Action<int, EvidenceSample>? onMatch = null)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var untilUtc = until.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var funnel = links.Any(l => l.FunnelStep is not null) ? await WholeShopFunnel.DaysAsync(db, from, until, ct) : [];
        var orders = links.Any(l => l.FunnelStep == FunnelStep.CheckoutCompleted)
            ? await db.Orders.CountAsync(o => o.CreatedAt >= fromUtc && o.CreatedAt < untilUtc, ct)
            : 0;
        var survey = links.Any(l => l.LinksResponses) ? await SurveyAsync(db, links, fromUtc, untilUtc, onMatch, ct) : null;

        var result = new InitiativeEvidence[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var responses = survey is null || !link.LinksResponses ? 0 : Enum.GetValues<SurveyType>().Where(link.Accepts).Sum(t => survey.Said[(int)t]);
            result[i] = new InitiativeEvidence(
                responses,
                survey?.Matched[i] ?? 0,
                survey?.Newest[i],
                survey?.Requests(i) ?? FeatureRequests.None,
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

    private sealed class SurveyTally
    {
        private static readonly int Types = Enum.GetValues<SurveyType>().Length;
        private static readonly int Groups = Enum.GetValues<NpsGroup>().Length;

        private readonly bool[] _accepts;
        private readonly int[] _requests;

        public SurveyTally(IReadOnlyList<EvidenceLink> links)
        {
            Matched = new int[links.Count];
            Newest = new DateTime?[links.Count];
            _requests = new int[links.Count * Groups];

            // Looked up for every match of every response, so asked of each link once here.
            _accepts = new bool[links.Count * Types];
            for (var i = 0; i < links.Count; i++)
            {
                foreach (var type in Enum.GetValues<SurveyType>())
                {
                    _accepts[(i * Types) + (int)type] = links[i].Accepts(type);
                }
            }
        }

        public int[] Said { get; } = new int[Types];

        public int[] Matched { get; }

        public DateTime?[] Newest { get; }

        public bool Accepts(int link, SurveyType type) => _accepts[(link * Types) + (int)type];

        public void AddRequest(int link, NpsGroup group) => _requests[(link * Groups) + (int)group]++;

        public FeatureRequests Requests(int link)
        {
            var counts = _requests.AsSpan(link * Groups, Groups);
            return new FeatureRequests(counts[(int)NpsGroup.Detractor], counts[(int)NpsGroup.Passive], counts[(int)NpsGroup.Promoter], counts[(int)NpsGroup.Unknown]);
        }
    }

    private static async Task<SurveyTally> SurveyAsync(
        RoadmapDbContext db, IReadOnlyList<EvidenceLink> links, DateTime fromUtc, DateTime untilUtc, Action<int, EvidenceSample>? onMatch, CancellationToken ct)
    {
        var nps = await LatestNpsAsync(db, untilUtc, ct);
        var matcher = new EvidenceMatcher(links);
        var tally = new SurveyTally(links);
        var responses = db.SurveyResponses.AsNoTracking()
            .Where(r => r.SubmittedAt >= fromUtc && r.SubmittedAt < untilUtc)
            .Select(r => new { r.ExternalId, r.SurveyType, r.Reason, r.Text, r.Tags, r.CustomerHash, r.SubmittedAt })
            .AsAsyncEnumerable();
        await foreach (var r in responses.WithCancellation(ct))
        {
            if (string.IsNullOrWhiteSpace(r.Reason) && string.IsNullOrWhiteSpace(r.Text) && string.IsNullOrWhiteSpace(r.Tags))
            {
                continue; // a bare score says nothing an initiative could match
            }

            tally.Said[(int)r.SurveyType]++;
            var asker = r.SurveyType != SurveyType.FeatureRequest ? NpsGroup.Unknown
                : r.CustomerHash is not null && nps.TryGetValue(r.CustomerHash, out var score) ? NpsGroups.Of(score)
                : NpsGroup.Unknown;
            foreach (var i in matcher.Match(r.Reason, r.Text, r.Tags))
            {
                if (tally.Newest[i] is not { } newest || r.SubmittedAt > newest)
                {
                    tally.Newest[i] = r.SubmittedAt;
                }

                if (tally.Accepts(i, r.SurveyType))
                {
                    tally.Matched[i]++;
                    onMatch?.Invoke(i, new EvidenceSample(r.ExternalId, r.SurveyType, r.SubmittedAt, r.Reason, r.Text));
                }

                if (r.SurveyType == SurveyType.FeatureRequest)
                {
                    tally.AddRequest(i, asker);
                }
            }
        }

        return tally;
    }

    /// <summary>Each customer's latest NPS answer before the window ends (later answers of the same moment: the highest id).</summary>
    private static async Task<Dictionary<string, double>> LatestNpsAsync(RoadmapDbContext db, DateTime untilUtc, CancellationToken ct)
    {
        var latest = new Dictionary<string, double>(StringComparer.Ordinal);
        var answers = db.SurveyResponses.AsNoTracking()
            .Where(r => r.SurveyType == SurveyType.NPS && r.CustomerHash != null && r.Score != null && r.SubmittedAt < untilUtc)
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new { r.CustomerHash, r.Score })
            .AsAsyncEnumerable();
        await foreach (var answer in answers.WithCancellation(ct))
        {
            latest[answer.CustomerHash!] = answer.Score!.Value;
        }

        return latest;
    }
}

/// <summary>One matching response, as the initiative page quotes it.</summary>
public sealed record EvidenceSample(string ExternalId, SurveyType SurveyType, DateTime SubmittedAt, string? Reason, string? Text);
