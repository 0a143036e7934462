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
        migrationBuilder.DropColumn(name: "version", table: "initiatives");
        migrationBuilder.DropColumn(name: "version", table: "themes");
    }
}
