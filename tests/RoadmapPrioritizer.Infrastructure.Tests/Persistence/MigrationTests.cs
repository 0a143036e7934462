using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Versions_ThemesThatExistedBefore_StartAtVersionOne_TakeTheirNextSave_AndSurviveDown(DatabaseProvider provider)
    {
        var created = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync("20261122023000_Accounts");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO themes (name, normalized_name, description, colour, is_archived, created_at, updated_at) VALUES ('Gifting', 'GIFTING', '', '#2f6f6a', {0}, {1}, {1})",
            false, created);

        await db.Database.MigrateAsync();

        var theme = await db.Themes.SingleAsync();
        theme.Version.Should().Be(1);
        theme.Rename("Gifts", created.AddDays(1));
        await db.SaveChangesAsync();
        (await db.Themes.AsNoTracking().SingleAsync()).Version.Should().Be(2);

        // Down and up again: the theme survives and starts over at 1.
        await db.GetService<IMigrator>().MigrateAsync("20261122023000_Accounts");
        await db.Database.MigrateAsync();
        (await db.Themes.AsNoTracking().SingleAsync()).Should().BeEquivalentTo(new { Name = "Gifts", Version = 1 });
    }
}
