using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Seeding;

/// <summary>
/// Brings a database up to date at start-up: applies migrations, adds the default themes, brand
/// criteria and horizon lanes to an empty database, and (unless switched off) the demo roadmap.
/// </summary>
public sealed class DatabaseInitializer(RoadmapDbContext db, TimeProvider time, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool seedDemoData, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (await db.Themes.AnyAsync(ct) || await db.Initiatives.AnyAsync(ct))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.BrandCriteria.AnyAsync(ct))
        {
            db.BrandCriteria.AddRange(BrandCriterion.Defaults());
        }

        if (!await db.HorizonLanes.AnyAsync(ct))
        {
            db.HorizonLanes.AddRange(HorizonLane.Defaults());
        }

        var themes = Theme.Defaults.Select(t => Theme.Create(t.Name, t.Description, t.Colour, now)).ToList();
        if (seedDemoData)
        {
            themes.AddRange(DemoRoadmap.ExtraThemes.Select(t => Theme.Create(t.Name, t.Description, t.Colour, now)));
        }

        db.Themes.AddRange(themes);
        await db.SaveChangesAsync(ct);

        if (seedDemoData)
        {
            var themeIds = themes.ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
            db.Initiatives.AddRange(DemoRoadmap.Initiatives.Select(d => Initiative.Create(d.ToDefinition(themeIds[d.Theme]), now)));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Loaded the demo roadmap of {Shop}: {Count} initiatives", DemoRoadmap.ShopName, DemoRoadmap.Initiatives.Count);
        }

        await transaction.CommitAsync(ct);
    }
}
