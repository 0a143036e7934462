using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Configurations;

internal sealed class EvidenceLinkConfiguration : IEntityTypeConfiguration<EvidenceLink>
{
    // JSON arrays of the values as entered, at their longest: 20 reasons of 500 characters, 20 keywords of 100.
    internal const int ReasonsMaxLength = 12_000;
    internal const int KeywordsMaxLength = 2_500;
    internal const int SurveyTypesMaxLength = 200;

    public void Configure(EntityTypeBuilder<EvidenceLink> builder)
    {
        builder.ToTable("initiative_evidence_links");
        builder.HasKey(l => l.InitiativeId);
        builder.Property(l => l.Reasons).HasConversion(JsonList<string>.Converter, JsonList<string>.Comparer).HasMaxLength(ReasonsMaxLength);
        builder.Property(l => l.Keywords).HasConversion(JsonList<string>.Converter, JsonList<string>.Comparer).HasMaxLength(KeywordsMaxLength);
        builder.Property(l => l.SurveyTypes).HasConversion(JsonList<SurveyType>.Converter, JsonList<SurveyType>.Comparer).HasMaxLength(SurveyTypesMaxLength);
        builder.Property(l => l.FunnelStep).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.HasOne<Initiative>().WithOne().HasForeignKey<EvidenceLink>(l => l.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(l => l.LinksResponses);
        builder.Ignore(l => l.IsEmpty);
    }
}

internal sealed class InputLockConfiguration : IEntityTypeConfiguration<InputLock>
{
    public void Configure(EntityTypeBuilder<InputLock> builder)
    {
        builder.ToTable("initiative_input_locks");
        builder.HasKey(l => new { l.InitiativeId, l.Input });
        builder.Property(l => l.Input).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(l => l.Rationale).HasMaxLength(InputLock.RationaleMaxLength);
        builder.Property(l => l.LockedBy).HasMaxLength(InputLock.LockedByMaxLength);
        builder.HasOne<Initiative>().WithMany().HasForeignKey(l => l.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A list stored as a JSON array in one text column (enums by name), compared by its items.</summary>
internal static class JsonList<T>
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<IReadOnlyList<T>, string> Converter = new(
        v => JsonSerializer.Serialize(v, Options),
        v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>());

    public static readonly ValueComparer<IReadOnlyList<T>> Comparer = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}

internal sealed class RescoreRunConfiguration : IEntityTypeConfiguration<Rescoring.RescoreRun>
{
    public void Configure(EntityTypeBuilder<Rescoring.RescoreRun> builder)
    {
        builder.ToTable("rescore_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(InitiativeConfiguration.EnumMaxLength);
        builder.Property(r => r.Actor).HasMaxLength(Rescoring.RescoreRun.ActorMaxLength);
        builder.Property(r => r.Error).HasMaxLength(Rescoring.RescoreRun.ErrorMaxLength);
        builder.HasIndex(r => r.StartedAt);
    }
}

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    // Written 10,000 at a time by a rescore and read back by the ranked list: serialization code generated
    // at build time rather than reflected on at run time.
    private static readonly JsonTypeInfo<SnapshotDetails> Json = new SnapshotJson(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }).SnapshotDetails;

    public void Configure(EntityTypeBuilder<ScoreSnapshot> builder)
    {
        builder.ToTable("score_snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Details).HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<SnapshotDetails>(v, Json)!);
        builder.HasOne<Rescoring.RescoreRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Initiative>().WithMany().HasForeignKey(s => s.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.InitiativeId, s.RunId }).IsUnique();
        builder.HasIndex(s => s.RunId);
    }
}

[JsonSerializable(typeof(SnapshotDetails))]
internal sealed partial class SnapshotJson : JsonSerializerContext;
