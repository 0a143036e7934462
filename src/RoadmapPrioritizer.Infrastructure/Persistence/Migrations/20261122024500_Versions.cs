using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>
/// A version per theme and initiative, the optimistic concurrency token: existing rows start at 1,
/// as new ones do, and every save adds one.
/// </summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122024500_Versions")]
public sealed class Versions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "version", table: "themes", nullable: false, defaultValue: 1);
        migrationBuilder.AddColumn<int>(name: "version", table: "initiatives", nullable: false, defaultValue: 1);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "initiatives", "themes" })
        {
            if (migrationBuilder.IsSqlite())
            {
                // EF drops a SQLite column by rebuilding the table from a target model, which hand-written
                // migrations do not have; SQLite (3.35 and later) can drop this plain column itself.
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"version\";");
            }
            else
            {
                migrationBuilder.DropColumn(name: "version", table: table);
            }
        }
    }
}
