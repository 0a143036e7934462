using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Api;

public sealed record ThemeResponse(int Id, string Name, string Description, string Colour, bool Archived, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static ThemeResponse From(Theme t) => new(t.Id, t.Name, t.Description, t.Colour, t.IsArchived, t.CreatedAt, t.UpdatedAt, t.Version);
}

/// <summary>Every number with the arithmetic behind it, so a score can be redone by hand.</summary>
public sealed record ScoreBreakdownResponse(string Rice, string BrandAlignment, string Priority, IReadOnlyList<BrandLineResponse> Criteria);

public sealed record BrandLineResponse(string Key, string Name, double Weight, int? Rating);

public sealed record InitiativeResponse(
    int Id,
    string Title,
    string Description,
    int ThemeId,
    string ThemeName,
    Horizon Horizon,
    FunnelArea? FunnelArea,
    InitiativeStatus Status,
    string Owner,
    string TargetKpi,
    double Reach,
    double Impact,
    double Confidence,
    double Effort,
    IReadOnlyDictionary<string, int> BrandRatings,
    double RiceScore,
    double BrandAlignment,
    double BrandMultiplier,
    double PriorityScore,
    int? Rank,
    bool LowBrandFit,
    bool Moonshot,
    ScoreBreakdownResponse Breakdown,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version,
    IReadOnlyDictionary<string, InputResponse>? Inputs = null)
{
    public static InitiativeResponse From(ScoredInitiative s)
    {
        var i = s.Initiative;
        return new(
            i.Id, i.Title, i.Description, i.ThemeId, s.Theme.Name, i.Horizon, i.FunnelArea, i.Status, i.Owner, i.TargetKpi,
            i.Reach.Value, i.Impact.Value, i.Confidence.Value, i.Effort.Value, i.RatingsByCriterion,
            s.Score.Rice.Value, s.Score.Alignment.Score, s.Score.Alignment.Multiplier, s.Score.Value, s.Rank,
            s.Score.Alignment.IsLowFit, i.Confidence.IsMoonshot, BreakdownOf(s), i.CreatedAt, i.UpdatedAt, i.Version);
    }

    public static ScoreBreakdownResponse BreakdownOf(ScoredInitiative s) => new(
        s.Score.Rice.Explain(),
        s.Score.Alignment.Explain(),
        s.Score.Explain(),
        s.Score.Alignment.Lines.Select(l => new BrandLineResponse(l.Key, l.Name, l.Weight, l.Rating)).ToList());
}

public sealed record RankingResponse(
    int Id,
    string Title,
    int Rank,
    double RiceScore,
    double BrandAlignment,
    double BrandMultiplier,
    double PriorityScore,
    int ThemeId,
    string ThemeName,
    Horizon Horizon,
    InitiativeStatus Status,
    bool LowBrandFit,
    ScoreBreakdownResponse Breakdown)
{
    public static RankingResponse From(ScoredInitiative s) => new(
        s.Initiative.Id, s.Initiative.Title, s.Rank!.Value, s.Score.Rice.Value, s.Score.Alignment.Score, s.Score.Alignment.Multiplier,
        s.Score.Value, s.Initiative.ThemeId, s.Theme.Name, s.Initiative.Horizon, s.Initiative.Status, s.Score.Alignment.IsLowFit,
        InitiativeResponse.BreakdownOf(s));
}

public sealed record CommentResponse(int Id, int InitiativeId, string Author, string Body, DateTime CreatedAt)
{
    public static CommentResponse From(Comment c) => new(c.Id, c.InitiativeId, c.AuthorName, c.Body, c.CreatedAt);
}

public sealed record BrandCriterionResponse(string Key, string Name, double Weight, string Description)
{
    public static BrandCriterionResponse From(Domain.Scoring.BrandCriterion c) => new(c.Key, c.Name, c.Weight, c.Description);
}
