using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>What the initiative page shows of rescoring: the link and its matches, each input's origin, the runs and why it last moved.</summary>
public sealed record InitiativeRescoring(
    LinkedEvidence Evidence,
    IReadOnlyList<InputView> Inputs,
    IReadOnlyList<ScoreHistoryPoint> History,
    IReadOnlyList<string> WhyMoved)
{
    /// <summary>What the latest run flagged about the evidence (small sample, stale, none in the window).</summary>
    public IReadOnlyList<string> Flags => History.Count > 0 ? History[^1].Snapshot.Details.Flags : [];
}

/// <summary>An initiative's rank now against its rank at the rescore before the last (null: not ranked then).</summary>
public sealed record RankMovement(int? Previous, int? Current)
{
    /// <summary>Positive: up that many places.</summary>
    public int? Change => ScoreMovement.RankChange(Previous, Current);
}

/// <summary>Gathers, in one call per page, the rescoring data the initiative page and the ranked list show.</summary>
public sealed class RescoreViews(EvidenceLinkService links, RescoreService rescore)
{
    public async Task<InitiativeRescoring?> ForInitiativeAsync(int initiativeId, CancellationToken ct)
    {
        // One after the other: the services share the request's DbContext.
        if (await links.GetAsync(initiativeId, ct) is not { } evidence)
        {
            return null;
        }

        var inputs = await links.InputsAsync(initiativeId, ct);
        var history = await rescore.HistoryAsync(initiativeId, ct);
        var why = history.Count == 0 ? [] : ScoreMovement.Explain(history.Count > 1 ? history[^2].Snapshot : null, history[^1].Snapshot);
        return new InitiativeRescoring(evidence, inputs, history, why);
    }

    /// <summary>The latest run's evidence flags per initiative, for the ones it flagged.</summary>
    public Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> FlagsAsync(CancellationToken ct) => rescore.LatestFlagsAsync(ct);

    /// <summary>
    /// Each row's movement since the rescore before the last; empty until two runs have succeeded
    /// (with nothing to compare with, the list shows no arrows rather than "new" everywhere).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, RankMovement>> MovementsAsync(IReadOnlyList<ScoredInitiative> rows, CancellationToken ct)
    {
        var previous = await rescore.PreviousRanksAsync(ct);
        if (previous.Count == 0)
        {
            return new Dictionary<int, RankMovement>();
        }

        return rows.ToDictionary(r => r.Initiative.Id, r => new RankMovement(previous.GetValueOrDefault(r.Initiative.Id), r.Rank));
    }
}
