using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Persistence;

/// <summary>Set-based writes store what SaveChanges would store, check versions as it does, and are all or nothing.</summary>
public sealed class BulkRowsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Insert_StoresEachRowAsSaveChangesWould(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var at = new DateTime(2026, 11, 22, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(90); // microseconds: what PostgreSQL keeps
        AuditEntry Row(string id) => new(at, null, "Zoë \"the potter\"", AuditAction.Updated, "Initiative", id, $"Initiative:{id}", "[{\"field\":\"title\",\"before\":null,\"after\":\"Glaze — ✓\"}]");

        await using (var db = harness.Db())
        {
            db.AuditEntries.Add(Row("by-ef"));
            await db.SaveChangesAsync(Ct);
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await BulkRows.InsertAsync(db, [Row("bulk-1"), Row("bulk-2")], Ct);
            await transaction.CommitAsync(Ct);
        }

        await using var read = harness.Db();
        var rows = await read.AuditEntries.AsNoTracking().Where(r => r.EntityType == "Initiative").OrderBy(r => r.Id).ToListAsync(Ct);
        rows.Select(r => r.EntityId).Should().Equal("by-ef", "bulk-1", "bulk-2");
        rows.Skip(1).Should().AllSatisfy(r => r.Should().BeEquivalentTo(rows[0], o => o.Excluding(x => x.Id).Excluding(x => x.EntityId).Excluding(x => x.Subject)));
        rows[1].At.Should().Be(at);
        rows[1].ActorId.Should().BeNull();
        rows[2].Subject.Should().Be("Initiative:bulk-2");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpdateInBulk_WritesTheChangedInputs_BumpsVersions_AndLeavesNothingPending(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();
        var initiatives = await db.Initiatives.OrderBy(i => i.Id).Take(3).ToListAsync(Ct);
        var before = initiatives.Select(i => (i.Id, i.Version, i.Confidence.Value)).ToList();
        initiatives[0].SetInput(ScoreInput.Reach, 12_345, ServiceHarness.Start.UtcDateTime).Should().BeTrue();
        initiatives[2].SetInput(ScoreInput.Effort, 7.5, ServiceHarness.Start.UtcDateTime).Should().BeTrue();

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await db.SaveUpdatesInBulkAsync<Domain.Roadmap.Initiative>(Ct);
            await transaction.CommitAsync(Ct);
        }

        db.ChangeTracker.HasChanges().Should().BeFalse("what was written is accepted");
        await using var read = harness.Db();
        var stored = await read.Initiatives.AsNoTracking().Where(i => before.Select(b => b.Id).Contains(i.Id)).OrderBy(i => i.Id).ToListAsync(Ct);
        (stored[0].Reach.Value, stored[0].Version, stored[0].Confidence.Value).Should().Be((12_345d, before[0].Version + 1, before[0].Value));
        stored[1].Version.Should().Be(before[1].Version, "it was not changed");
        (stored[2].Effort.Value, stored[2].Version).Should().Be((7.5, before[2].Version + 1));
        var trail = (await harness.Audit().QueryAsync(new AuditQuery { EntityType = "Initiative", Action = AuditAction.Updated }, Ct)).Items;
        trail.Select(r => r.EntityId).Should().BeEquivalentTo([before[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before[2].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        trail.Single(r => r.EntityId == before[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Changes
            .Should().ContainSingle(c => c.Field == "reach").Which.After.Should().Be("12345");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpdateInBulk_WhenOneRowWasEditedMeanwhile_WritesNoRowAndNoAuditRow(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider, demoData: true);
        await using var db = harness.Db();
        var initiatives = await db.Initiatives.OrderBy(i => i.Id).Take(2).ToListAsync(Ct);
        var untouched = (initiatives[0].Id, initiatives[0].Reach.Value);
        initiatives[0].SetInput(ScoreInput.Reach, 111, ServiceHarness.Start.UtcDateTime);
        initiatives[1].SetInput(ScoreInput.Reach, 222, ServiceHarness.Start.UtcDateTime);

        // Someone edits the second one after it was loaded.
        await using (var other = harness.Db())
        {
            var edited = await other.Initiatives.FirstAsync(i => i.Id == initiatives[1].Id, Ct);
            edited.SetInput(ScoreInput.Impact, 3, ServiceHarness.Start.UtcDateTime);
            await other.SaveChangesAsync(Ct);
        }

        var auditBefore = (await harness.Audit().QueryAsync(new AuditQuery(), Ct)).Total;
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            var act = () => db.SaveUpdatesInBulkAsync<Domain.Roadmap.Initiative>(Ct);
            (await act.Should().ThrowAsync<DbUpdateConcurrencyException>()).WithMessage("1 of 2 Initiative rows were changed or deleted by someone else*");
        }

        await using var read = harness.Db();
        (await read.Initiatives.AsNoTracking().FirstAsync(i => i.Id == untouched.Id, Ct)).Reach.Value.Should().Be(untouched.Value);
        (await read.Initiatives.AsNoTracking().FirstAsync(i => i.Id == initiatives[1].Id, Ct)).Impact.Value.Should().Be(3, "the other person's edit stands");
        (await harness.Audit().QueryAsync(new AuditQuery(), Ct)).Total.Should().Be(auditBefore);
    }
}
