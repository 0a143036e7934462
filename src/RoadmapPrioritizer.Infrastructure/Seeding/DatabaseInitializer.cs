using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Seeding;

/// <summary>
/// Brings a database up to date at start-up: applies migrations, adds the default themes, brand
/// criteria and horizon lanes to an empty database, and (unless switched off) the demo roadmap with
/// its evidence, all in one transaction: a failure leaves the database empty, to be seeded next start.
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
            var initiatives = DemoRoadmap.Initiatives.Select(d => Initiative.Create(d.ToDefinition(themeIds[d.Theme]), now)).ToList();
            db.Initiatives.AddRange(initiatives);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Loaded the demo roadmap of {Shop}: {Count} initiatives", DemoRoadmap.ShopName, DemoRoadmap.Initiatives.Count);
            await SeedDemoEvidenceAsync(initiatives.ToDictionary(i => i.Title, i => i.Id, StringComparer.Ordinal), now, ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The demo's invented evidence, as if uploaded once: one upload source and one succeeded upload run
    /// that its records belong to, stored by the evidence store inside the seeding transaction, and the
    /// evidence links of the demo initiatives it is about.
    /// </summary>
    /// <remarks>
    /// No rescore runs here. The demo starts with the inputs the team entered by hand, each saying so,
    /// beside the evidence each initiative's link already matches; pressing Rescore now (initiative
    /// page) or Run rescore now (jobs page) is the demo: it turns the evidence into derived inputs with
    /// their arithmetic, and the score history starts with a run someone chose to make. A run at seeding
    /// would leave nothing to compare it with and put a run nobody started, and its audited edits, into
    /// the history. The nightly rescore derives them anyway if the app is left running overnight.
    /// </remarks>
    private async Task SeedDemoEvidenceAsync(Dictionary<string, int> initiativeIds, DateTime now, CancellationToken ct)
    {
        var evidence = DemoEvidence.Generate(DateOnly.FromDateTime(now));
        var source = EvidenceSource.Create(SourceKind.Csv, DemoEvidence.SourceName, cron: null, "{}", protectedSecret: null, now);
        db.EvidenceSources.Add(source);
        await db.SaveChangesAsync(ct);

        var run = ImportRun.Start(source.Id, RunTrigger.Upload, AuditActor.SystemName, now);
        db.ImportRuns.Add(run);
        var store = new EvidenceStore(db);
        var counts = await store.SaveAsync(source.Id, evidence.SurveyResponses, ct)
            + await store.SaveAsync(source.Id, evidence.FunnelDays, ct)
            + await store.SaveAsync(source.Id, evidence.Orders, ct);
        run.Count(counts.Added, counts.AlreadyPresent, rejected: 0, progress: null);
        run.Succeed(now);

        db.EvidenceLinks.AddRange(DemoEvidence.Links.Select(l => EvidenceLink.Create(initiativeIds[l.Title], l.Definition, now)));
        await db.SaveChangesAsync(ct);
        logger.LogInformation(
            "Loaded the demo evidence of {Shop}: {Responses} survey responses, {Days} funnel days, {Orders} orders, {Links} evidence links",
            DemoRoadmap.ShopName, evidence.SurveyResponses.Count, evidence.FunnelDays.Count, evidence.Orders.Count, DemoEvidence.Links.Count);
    }
}
