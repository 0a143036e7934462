using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class PendingImportConfiguration : IEntityTypeConfiguration<PendingImport>
{
    public void Configure(EntityTypeBuilder<PendingImport> builder)
    {
        builder.ToTable("pending_imports");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(p => p.FileName).HasMaxLength(PendingImport.FileNameMaxLength);
        builder.Property(p => p.UploadedBy).HasMaxLength(PendingImport.UploadedByMaxLength);
        builder.HasIndex(p => p.UploadedAt);
    }
}
