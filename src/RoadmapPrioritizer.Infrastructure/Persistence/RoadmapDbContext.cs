using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

/// <summary>
/// The database. Every save also writes the audit trail: who (<see cref="AuditActor"/>, "system"
/// when none is given), when, and each field's value before and after.
/// </summary>
public sealed class RoadmapDbContext(DbContextOptions<RoadmapDbContext> options, AuditActor? actor = null, TimeProvider? time = null)
    : IdentityDbContext<AppUser>(options)
{
    private readonly AuditActor _actor = actor ?? new AuditActor();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public DbSet<Theme> Themes => Set<Theme>();

    public DbSet<Initiative> Initiatives => Set<Initiative>();

    public DbSet<BrandCriterion> BrandCriteria => Set<BrandCriterion>();

    public DbSet<HorizonLane> HorizonLanes => Set<HorizonLane>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<EvidenceSource> EvidenceSources => Set<EvidenceSource>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<AbandonedCheckout> AbandonedCheckouts => Set<AbandonedCheckout>();

    public DbSet<FunnelDay> FunnelDays => Set<FunnelDay>();

    public DbSet<PendingImport> PendingImports => Set<PendingImport>();

    public DbSet<EvidenceLink> EvidenceLinks => Set<EvidenceLink>();

    public DbSet<InputLock> InputLocks => Set<InputLock>();

    public DbSet<Rescoring.RescoreRun> RescoreRuns => Set<Rescoring.RescoreRun>();

    public DbSet<ScoreSnapshot> ScoreSnapshots => Set<ScoreSnapshot>();

    public DbSet<FunnelIncident> FunnelIncidents => Set<FunnelIncident>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>
    /// Saves the changes and their audit rows in one transaction (the caller's, if one is open):
    /// a failed save writes no audit row, and a failed audit write undoes the change.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var audit = await AuditRecorder.CaptureAsync(this, ChangeTracker.Entries(), cancellationToken);
        if (audit.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null;
        if (ownTransaction)
        {
            await BeginTransactionForSaveAsync(cancellationToken);
        }

        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await audit.WriteAsync(this, _actor, _time.GetUtcNow().UtcDateTime, cancellationToken);
            if (ownTransaction)
            {
                await Database.CommitTransactionAsync(cancellationToken);
            }

            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return saved;
        }
        catch when (ownTransaction)
        {
            await Database.RollbackTransactionAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            if (ownTransaction)
            {
                await Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// On SQLite a deferred transaction, which takes the write lock at its first write as a plain save
    /// would, instead of locking the whole file from BEGIN; elsewhere the provider's default.
    /// </summary>
    private async Task BeginTransactionForSaveAsync(CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        if (Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await Database.UseTransactionAsync(sqlite.BeginTransaction(deferred: true), cancellationToken);
        }
        else
        {
            await Database.BeginTransactionAsync(cancellationToken);
        }
    }

    /// <summary>The app saves asynchronously; this keeps a synchronous save audited too.</summary>
    /// <summary>
    /// Saves the pending updates of one entity type set-based (<see cref="BulkRows.UpdateAsync{T}"/>), with
    /// their audit rows, in the caller's transaction, and accepts them: for jobs that change thousands of
    /// rows at once, where SaveChanges would send a statement per row. Other pending changes are left
    /// for SaveChanges.
    /// </summary>
    internal async Task SaveUpdatesInBulkAsync<T>(CancellationToken cancellationToken)
        where T : class
    {
        var updates = ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Modified).ToList();
        var audit = await AuditRecorder.CaptureAsync(this, updates, cancellationToken);
        await BulkRows.UpdateAsync(this, updates, cancellationToken);
        await audit.WriteAsync(this, _actor, _time.GetUtcNow().UtcDateTime, cancellationToken);
        foreach (var update in updates)
        {
            // Written: what is stored is now the original, as after SaveChanges.
            foreach (var property in update.Properties)
            {
                if (property.IsModified)
                {
                    property.OriginalValue = property.CurrentValue;
                }
            }

            update.State = EntityState.Unchanged;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// SQLite keeps times as text without a zone and EF reads them back as Unspecified; every time
    /// this app stores is UTC, so say so on the way out (PostgreSQL's timestamptz already does).
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcOnRead>();
        }
    }

    private sealed class UtcOnRead() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityTables.Rename(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RoadmapDbContext).Assembly);
        SnakeCaseColumns.Apply(builder);
    }
}
