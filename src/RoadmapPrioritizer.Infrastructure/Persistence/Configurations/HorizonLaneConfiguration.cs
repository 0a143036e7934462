using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class HorizonLaneConfiguration : IEntityTypeConfiguration<HorizonLane>
{
    public void Configure(EntityTypeBuilder<HorizonLane> builder)
    {
        builder.ToTable("horizon_lanes");
        builder.HasKey(l => l.Horizon);
        builder.Property(l => l.Horizon).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(l => l.Kpi).HasMaxLength(HorizonLane.KpiMaxLength);
        builder.Property(l => l.KpiTarget).HasMaxLength(HorizonLane.KpiTargetMaxLength);
    }
}
