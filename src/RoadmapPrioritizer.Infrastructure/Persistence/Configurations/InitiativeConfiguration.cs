using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    internal const int EnumMaxLength = 20;

    public void Configure(EntityTypeBuilder<Initiative> builder)
    {
        builder.ToTable("initiatives");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Title).HasMaxLength(Initiative.TitleMaxLength);
        builder.Property(i => i.Description).HasMaxLength(Initiative.DescriptionMaxLength);
        builder.Property(i => i.Owner).HasMaxLength(Initiative.OwnerMaxLength);
        builder.Property(i => i.TargetKpi).HasMaxLength(Initiative.TargetKpiMaxLength);
        builder.Property(i => i.Horizon).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(i => i.FunnelArea).HasConversion<string>().HasMaxLength(EnumMaxLength);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(EnumMaxLength);

        // RICE inputs are stored exactly as entered (double); scores are computed, never stored rounded.
        builder.Property(i => i.Reach).HasConversion(v => v.Value, v => Reach.Create(v));
        builder.Property(i => i.Impact).HasConversion(v => v.Value, v => Impact.Create(v));
        builder.Property(i => i.Confidence).HasConversion(v => v.Value, v => Confidence.Create(v));
        builder.Property(i => i.Effort).HasConversion(v => v.Value, v => Effort.Create(v));

        // Every UPDATE says WHERE version = <the version loaded>, so of two saves from the same version only the first lands.
        builder.Property(i => i.Version).IsConcurrencyToken().HasDefaultValue(1);

        builder.HasOne<Theme>().WithMany().HasForeignKey(i => i.ThemeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.Status);

        builder.Ignore(i => i.Rice);
        builder.Ignore(i => i.RatingsByCriterion);
        builder.OwnsMany(i => i.BrandRatings, ratings =>
        {
            ratings.ToTable("initiative_brand_ratings");
            ratings.WithOwner().HasForeignKey("InitiativeId");
            ratings.Property(r => r.CriterionKey).HasMaxLength(BrandCriterion.KeyMaxLength);
            ratings.HasKey("InitiativeId", nameof(BrandRating.CriterionKey));
            ratings.HasOne<BrandCriterion>().WithMany().HasForeignKey(r => r.CriterionKey).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Navigation(i => i.BrandRatings).AutoInclude();
    }
}
