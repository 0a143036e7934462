using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Seeding;

internal static class DemoInitiativeExtensions
{
    public static InitiativeDefinition ToDefinition(this DemoInitiative demo, int themeId) => new(
        demo.Title,
        demo.Description,
        themeId,
        demo.Horizon,
        demo.FunnelArea,
        demo.Status,
        demo.Owner,
        demo.TargetKpi,
        Reach.Create(demo.Reach),
        Impact.Create(demo.Impact),
        Confidence.Create(demo.Confidence),
        Effort.Create(demo.Effort),
        new Dictionary<string, int>
        {
            ["craft_storytelling"] = demo.CraftStorytelling,
            ["artisan_collaboration"] = demo.ArtisanCollaboration,
            ["community_impact"] = demo.CommunityImpact,
            ["uniqueness_customisation"] = demo.Uniqueness,
        });
}
