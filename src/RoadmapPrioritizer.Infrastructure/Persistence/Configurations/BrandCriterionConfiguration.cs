using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class BrandCriterionConfiguration : IEntityTypeConfiguration<BrandCriterion>
{
    public void Configure(EntityTypeBuilder<BrandCriterion> builder)
    {
        builder.ToTable("brand_criteria");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(BrandCriterion.KeyMaxLength);
        builder.Property(c => c.Name).HasMaxLength(BrandCriterion.NameMaxLength);
        builder.Property(c => c.Description).HasMaxLength(BrandCriterion.DescriptionMaxLength);
    }
}
