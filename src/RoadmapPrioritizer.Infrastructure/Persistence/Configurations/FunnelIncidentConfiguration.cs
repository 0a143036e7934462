using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Incidents;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class FunnelIncidentConfiguration : IEntityTypeConfiguration<FunnelIncident>
{
    public void Configure(EntityTypeBuilder<FunnelIncident> builder)
    {
        builder.ToTable("funnel_incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Step).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(i => i.Metric).HasMaxLength(FunnelIncident.MetricMaxLength);
        builder.Property(i => i.Rule).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(i => i.Explanation).HasMaxLength(FunnelIncident.ExplanationMaxLength);
        builder.Ignore(i => i.IsOpen);

        // At most one open incident per step, held by the database too: two evaluations racing to open
        // the same step's incident cannot both commit. Both providers support partial indexes.
        builder.HasIndex(i => i.Step).IsUnique().HasFilter("closed_on IS NULL").HasDatabaseName("IX_funnel_incidents_step_open");
        builder.HasIndex(i => i.OpenedOn);
    }
}
