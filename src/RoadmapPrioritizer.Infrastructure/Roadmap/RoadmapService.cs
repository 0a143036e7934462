using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>An initiative with its theme, its score and where it ranks (null: shipped, measured or parked).</summary>
public sealed record ScoredInitiative(Initiative Initiative, Theme Theme, PriorityScore Score, int? Rank);

public enum RoadmapSort
{
    Rank,
    Title,
    Theme,
    Horizon,
    Status,
    Reach,
    Impact,
    Confidence,
    Effort,
    Rice,
    Brand,
    Priority,
}

/// <summary>Filters for the ranked list; a null filter lets everything through. <see cref="Status"/> null means "still to do".</summary>
public sealed record RoadmapQuery(
    int? ThemeId = null,
    Horizon? Horizon = null,
    InitiativeStatus? Status = null,
    bool AllStatuses = false,
    FunnelArea? FunnelArea = null,
    RoadmapSort Sort = RoadmapSort.Rank,
    bool Descending = false);

public sealed record RoadmapLane(HorizonLane Lane, IReadOnlyList<ScoredInitiative> Initiatives);

/// <summary>A change to a brand criterion; null fields keep their value.</summary>
public sealed record BrandCriterionInput(string? Name = null, string? Description = null, double? Weight = null);

/// <summary>Reads of the roadmap: the ranking, the horizon lanes, the brand criteria.</summary>
public sealed class RoadmapService(RoadmapDbContext db)
{
    /// <summary>Every initiative scored; ranks are over all work still to do, before any filter.</summary>
    public async Task<IReadOnlyList<ScoredInitiative>> RankAllAsync(CancellationToken ct)
    {
        var criteria = await GetCriteriaAsync(ct);
        var themes = await db.Themes.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var initiatives = await db.Initiatives.AsNoTracking().ToListAsync(ct);

        var ranked = Ranking.Rank(initiatives.Where(i => i.Status.IsRanked()), i => i.Score(criteria), i => i.Id)
            .Select(r => new ScoredInitiative(r.Item, themes[r.Item.ThemeId], r.Score, r.Rank));
        var unranked = initiatives.Where(i => !i.Status.IsRanked())
            .Select(i => new ScoredInitiative(i, themes[i.ThemeId], i.Score(criteria), null))
            .OrderByDescending(s => s.Score.Value).ThenBy(s => s.Initiative.Id);
        return ranked.Concat(unranked).ToList();
    }

    public async Task<IReadOnlyList<ScoredInitiative>> QueryAsync(RoadmapQuery query, CancellationToken ct)
    {
        var rows = (await RankAllAsync(ct)).Where(s =>
            (query.ThemeId is null || s.Initiative.ThemeId == query.ThemeId)
            && (query.Horizon is null || s.Initiative.Horizon == query.Horizon)
            && (query.FunnelArea is null || s.Initiative.FunnelArea == query.FunnelArea)
            && (query.Status is { } status ? s.Initiative.Status == status : query.AllStatuses || s.Rank is not null));
        return Sort(rows, query.Sort, query.Descending).ToList();
    }

    public async Task<IReadOnlyList<RoadmapLane>> GetLanesAsync(CancellationToken ct)
    {
        var lanes = await db.HorizonLanes.AsNoTracking().ToListAsync(ct);
        var ranked = (await RankAllAsync(ct)).Where(s => s.Rank is not null).ToList();
        return Enum.GetValues<Horizon>()
            .Select(h => new RoadmapLane(
                lanes.FirstOrDefault(l => l.Horizon == h) ?? HorizonLane.Defaults().First(l => l.Horizon == h),
                ranked.Where(s => s.Initiative.Horizon == h).ToList()))
            .ToList();
    }

    public async Task<Outcome<HorizonLane>> SetLaneKpiAsync(Horizon horizon, string? kpi, string? target, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Add("kpi", HorizonLane.ValidateKpi(kpi));
        errors.Add("kpiTarget", HorizonLane.ValidateKpiTarget(target));
        if (errors.Any)
        {
            return Outcome<HorizonLane>.Invalid(errors);
        }

        var lane = await db.HorizonLanes.FirstOrDefaultAsync(l => l.Horizon == horizon, ct);
        if (lane is null)
        {
            lane = HorizonLane.Defaults().First(l => l.Horizon == horizon);
            db.HorizonLanes.Add(lane);
        }

        lane.SetKpi(kpi!, target);
        await db.SaveChangesAsync(ct);
        return Outcome<HorizonLane>.Ok(lane);
    }

    /// <summary>Changes a criterion's name, description or weight (null keeps the current value).</summary>
    public async Task<Outcome<BrandCriterion>> UpdateCriterionAsync(string key, BrandCriterionInput input, CancellationToken ct)
    {
        var criterion = await db.BrandCriteria.FirstOrDefaultAsync(c => c.Key == key, ct);
        if (criterion is null)
        {
            return Outcome<BrandCriterion>.NotFound();
        }

        var name = input.Name ?? criterion.Name;
        var description = input.Description ?? criterion.Description;
        var weight = input.Weight ?? criterion.Weight;
        var errors = new FieldErrors();
        errors.Add("name", BrandCriterion.ValidateName(name));
        errors.Add("description", BrandCriterion.ValidateDescription(description));
        errors.Add("weight", BrandCriterion.ValidateWeight(weight));
        if (errors.Any)
        {
            return Outcome<BrandCriterion>.Invalid(errors);
        }

        criterion.Change(name, description, weight);
        await db.SaveChangesAsync(ct);
        return Outcome<BrandCriterion>.Ok(criterion);
    }

    public async Task<IReadOnlyList<BrandCriterion>> GetCriteriaAsync(CancellationToken ct) =>
        await db.BrandCriteria.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Key).ToListAsync(ct);

    private static IEnumerable<ScoredInitiative> Sort(IEnumerable<ScoredInitiative> rows, RoadmapSort sort, bool descending)
    {
        Func<ScoredInitiative, IComparable> key = sort switch
        {
            RoadmapSort.Title => s => s.Initiative.Title.ToUpperInvariant(),
            RoadmapSort.Theme => s => s.Theme.Name.ToUpperInvariant(),
            RoadmapSort.Horizon => s => s.Initiative.Horizon,
            RoadmapSort.Status => s => s.Initiative.Status,
            RoadmapSort.Reach => s => s.Initiative.Reach.Value,
            RoadmapSort.Impact => s => s.Initiative.Impact.Value,
            RoadmapSort.Confidence => s => s.Initiative.Confidence.Value,
            RoadmapSort.Effort => s => s.Initiative.Effort.Value,
            RoadmapSort.Rice => s => s.Score.Rice.Value,
            RoadmapSort.Brand => s => s.Score.Alignment.Score,
            RoadmapSort.Priority => s => s.Score.Value,
            _ => s => s.Rank ?? int.MaxValue,
        };

        // Rank breaks every tie, so the order is the same on every load.
        var ordered = descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        return ordered.ThenBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Initiative.Id);
    }
}
