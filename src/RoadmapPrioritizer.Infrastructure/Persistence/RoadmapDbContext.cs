using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

public sealed class RoadmapDbContext(DbContextOptions<RoadmapDbContext> options) : DbContext(options)
{
    public DbSet<Theme> Themes => Set<Theme>();

    public DbSet<Initiative> Initiatives => Set<Initiative>();

    public DbSet<BrandCriterion> BrandCriteria => Set<BrandCriterion>();

    public DbSet<HorizonLane> HorizonLanes => Set<HorizonLane>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RoadmapDbContext).Assembly);
        SnakeCaseColumns.Apply(modelBuilder);
    }
}
