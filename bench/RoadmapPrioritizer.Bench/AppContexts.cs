using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Bench;

internal static class AppContexts
{
    /// <summary>A context configured as the app configures one; anything audited is recorded as "system".</summary>
    public static RoadmapDbContext Create(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<RoadmapDbContext>();
        DatabaseSetup.Configure(options, provider, connectionString);
        return new RoadmapDbContext(options.Options);
    }
}
