using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Infrastructure.Seeding;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests;

/// <summary>The services wired by hand over one real, migrated database, with a fixed clock.</summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;
    private readonly List<RoadmapDbContext> _contexts = [];

    private ServiceHarness(TestDatabase database) => _database = database;

    public FixedTimeProvider Clock { get; } = new(Start);

    /// <summary>Keys for source secrets, in memory and shared by every service of this harness.</summary>
    public IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();

    public TestDatabase Database => _database;

    /// <summary>Who the audit trail names for changes made through this harness ("system" until set).</summary>
    public AuditActor Actor { get; } = new();

    public static async Task<ServiceHarness> CreateAsync(DatabaseProvider provider, bool demoData = false)
    {
        var harness = new ServiceHarness(await TestDatabase.CreateAsync(provider));
        await harness.Initializer().InitializeAsync(demoData, CancellationToken.None);
        return harness;
    }

    /// <summary>A fresh context, as a new request would get.</summary>
    public RoadmapDbContext Db(params IInterceptor[] interceptors)
    {
        var db = _database.CreateContextWith(Actor, Clock, interceptors);
        _contexts.Add(db);
        return db;
    }

    public DatabaseInitializer Initializer() => new(Db(), Clock, NullLogger<DatabaseInitializer>.Instance);

    public ThemeService Themes(params IInterceptor[] interceptors) => new(Db(interceptors), Clock);

    public RoadmapService Roadmap() => new(Db());

    public AuditService Audit() => new(Db());

    public CsvImportService CsvImports()
    {
        var db = Db();
        return new CsvImportService(db, new SourceService(db, Protection, Clock), Clock, NullLogger<CsvImportService>.Instance);
    }

    public InitiativeService Initiatives(params IInterceptor[] interceptors)
    {
        var db = Db(interceptors);
        return new InitiativeService(db, new RoadmapService(db), Clock);
    }

    public RescoreService Rescore(params IInterceptor[] interceptors) =>
        RescoreWith(Db(interceptors));

    private RescoreService RescoreWith(RoadmapDbContext db) =>
        new(db, new IncidentService(db, Options.Create(new IncidentOptions()), NullLogger<IncidentService>.Instance), Options.Create(new RescoreOptions()), Clock, NullLogger<RescoreService>.Instance);

    public EvidenceLinkService Links() => new(Db(), Options.Create(new RescoreOptions()), Clock);

    public SourceService Sources() => new(Db(), Protection, Clock);

    /// <summary>The incident service over a context of its own, as one nightly run or one request gets; default thresholds unless given.</summary>
    public IncidentService Incidents(IncidentOptions? options = null) =>
        new(Db(), Options.Create(options ?? new IncidentOptions()), NullLogger<IncidentService>.Instance);

    /// <summary>The ingestion runner over a context of its own, as one job execution gets, with these connectors installed.</summary>
    public IngestionService Ingestion(params IConnector[] connectors)
    {
        var db = Db();
        return new IngestionService(db, new SourceService(db, Protection, Clock), connectors, Clock, NullLogger<IngestionService>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _contexts)
        {
            await db.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
