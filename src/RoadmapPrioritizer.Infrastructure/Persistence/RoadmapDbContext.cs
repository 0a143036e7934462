using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

public sealed class RoadmapDbContext(DbContextOptions<RoadmapDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Theme> Themes => Set<Theme>();

    public DbSet<Initiative> Initiatives => Set<Initiative>();

    public DbSet<BrandCriterion> BrandCriteria => Set<BrandCriterion>();

    public DbSet<HorizonLane> HorizonLanes => Set<HorizonLane>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityTables.Rename(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RoadmapDbContext).Assembly);
        SnakeCaseColumns.Apply(builder);
    }
}
