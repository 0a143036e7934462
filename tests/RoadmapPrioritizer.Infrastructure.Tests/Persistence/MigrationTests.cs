using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Persistence;

public class MigrationTests
{
    /// <summary>
    /// The migrations are written by hand, so prove them: a database built by the migrations must
    /// have exactly the schema EF builds straight from the model (tables, columns, types,
    /// nullability, defaults, keys, identity, indexes, foreign keys and their delete rules).
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrate_EmptyDatabase_YieldsExactlyTheModelSchema(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var created = await TestDatabase.CreateAsync(provider);
        await using var migratedDb = migrated.CreateContext();
        await using var createdDb = created.CreateContext();

        await migratedDb.Database.MigrateAsync();
        await createdDb.Database.EnsureCreatedAsync();

        var fromMigrations = await SchemaReader.ReadAsync(migratedDb, provider);
        var fromModel = await SchemaReader.ReadAsync(createdDb, provider);
        fromModel.Should().NotBeEmpty().And.Contain(l => l.Contains("initiative_brand_ratings", StringComparison.Ordinal));
        fromMigrations.Should().Equal(fromModel);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Migrate_Twice_AppliesNothingTheSecondTime(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(db.Database.GetMigrations());
    }
}
