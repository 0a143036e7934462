using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class ThemeConfiguration : IEntityTypeConfiguration<Theme>
{
    public void Configure(EntityTypeBuilder<Theme> builder)
    {
        builder.ToTable("themes");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Theme.NameMaxLength);
        builder.Property(t => t.NormalizedName).HasMaxLength(Theme.NameMaxLength);
        builder.HasIndex(t => t.NormalizedName).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(Theme.DescriptionMaxLength);
        builder.Property(t => t.Colour).HasMaxLength(Theme.ColourLength);

        // Every UPDATE says WHERE version = <the version loaded>, so of two saves from the same version only the first lands.
        builder.Property(t => t.Version).IsConcurrencyToken().HasDefaultValue(1);
    }
}
