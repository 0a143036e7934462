using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class EvidenceSourceConfiguration : IEntityTypeConfiguration<EvidenceSource>
{
    public void Configure(EntityTypeBuilder<EvidenceSource> builder)
    {
        builder.ToTable("evidence_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(s => s.Name).HasMaxLength(EvidenceSource.NameMaxLength);
        builder.Property(s => s.Cron).HasMaxLength(EvidenceSource.CronMaxLength);
        builder.Property(s => s.SettingsJson).HasMaxLength(EvidenceSource.SettingsMaxLength);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(EvidenceSource.ProtectedSecretMaxLength);
        builder.Property(s => s.Cursor).HasMaxLength(EvidenceSource.CursorMaxLength);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("import_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(r => r.Actor).HasMaxLength(ImportRun.ActorMaxLength);
        builder.Property(r => r.Progress).HasMaxLength(ImportRun.ProgressMaxLength);
        builder.Property(r => r.Error).HasMaxLength(ImportRun.ErrorMaxLength);
        builder.HasOne<EvidenceSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SourceId, r.StartedAt });
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("survey_responses");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ExternalId).HasMaxLength(EvidenceLimits.ExternalIdMaxLength);
        builder.Property(r => r.SurveyId).HasMaxLength(SurveyResponse.SurveyIdMaxLength);
        builder.Property(r => r.SurveyType).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(r => r.Question).HasMaxLength(SurveyResponse.QuestionMaxLength);
        builder.Property(r => r.Reason).HasMaxLength(SurveyResponse.ReasonMaxLength);
        builder.Property(r => r.Text).HasMaxLength(SurveyResponse.TextMaxLength);
        builder.Property(r => r.Currency).HasMaxLength(EvidenceLimits.CurrencyLength);
        builder.Property(r => r.CustomerHash).HasMaxLength(CustomerHash.Length);
        builder.Property(r => r.Page).HasMaxLength(SurveyResponse.PageMaxLength);
        builder.Property(r => r.Tags).HasMaxLength(SurveyResponse.TagsMaxLength);
        builder.HasOne<EvidenceSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SourceId, r.ExternalId }).IsUnique();
        builder.HasIndex(r => r.SubmittedAt);
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.ExternalId).HasMaxLength(EvidenceLimits.ExternalIdMaxLength);
        builder.Property(o => o.CustomerHash).HasMaxLength(CustomerHash.Length);
        builder.Property(o => o.Currency).HasMaxLength(EvidenceLimits.CurrencyLength);
        builder.HasOne<EvidenceSource>().WithMany().HasForeignKey(o => o.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.SourceId, o.ExternalId }).IsUnique();
        builder.HasIndex(o => o.CreatedAt);
    }
}

internal sealed class AbandonedCheckoutConfiguration : IEntityTypeConfiguration<AbandonedCheckout>
{
    public void Configure(EntityTypeBuilder<AbandonedCheckout> builder)
    {
        builder.ToTable("abandoned_checkouts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ExternalId).HasMaxLength(EvidenceLimits.ExternalIdMaxLength);
        builder.Property(c => c.CustomerHash).HasMaxLength(CustomerHash.Length);
        builder.Property(c => c.Currency).HasMaxLength(EvidenceLimits.CurrencyLength);
        builder.HasOne<EvidenceSource>().WithMany().HasForeignKey(c => c.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.SourceId, c.ExternalId }).IsUnique();
        builder.HasIndex(c => c.CreatedAt);
    }
}

internal sealed class FunnelDayConfiguration : IEntityTypeConfiguration<FunnelDay>
{
    public void Configure(EntityTypeBuilder<FunnelDay> builder)
    {
        builder.ToTable("funnel_days");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Segment).HasMaxLength(FunnelDay.SegmentMaxLength);
        builder.Property(d => d.Currency).HasMaxLength(EvidenceLimits.CurrencyLength);
        builder.HasOne<EvidenceSource>().WithMany().HasForeignKey(d => d.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.SourceId, d.Date, d.Segment }).IsUnique();
        builder.HasIndex(d => d.Date);
    }
}
