namespace RoadmapPrioritizer.Domain.Scoring;

/// <summary>
/// Orders by priority score, highest first. Ties go to the better brand fit, then the higher RICE,
/// then the older initiative (lower id), so the same inputs always give the same ranks 1..n.
/// </summary>
public static class Ranking
{
    public static IReadOnlyList<Ranked<T>> Rank<T>(IEnumerable<T> items, Func<T, PriorityScore> score, Func<T, int> id) =>
        items
            .Select(item => (item, score: score(item), id: id(item)))
            .OrderByDescending(x => x.score.Value)
            .ThenByDescending(x => x.score.Alignment.Score)
            .ThenByDescending(x => x.score.Rice.Value)
            .ThenBy(x => x.id)
            .Select((x, index) => new Ranked<T>(x.item, x.score, index + 1))
            .ToList();
}

public sealed record Ranked<T>(T Item, PriorityScore Score, int Rank);
