using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>
/// Themes, initiatives with RICE inputs, brand criteria and ratings, horizon lanes. Written by hand:
/// column types are left to each provider, so one migration serves SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122013000_Initial")]
public sealed class Initial : Migration
{
    private const string SqliteAutoincrement = "Sqlite:Autoincrement";
    private const string NpgsqlValueGeneration = "Npgsql:ValueGenerationStrategy";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "themes",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                name = table.Column<string>(maxLength: 80, nullable: false),
                normalized_name = table.Column<string>(maxLength: 80, nullable: false),
                description = table.Column<string>(maxLength: 1000, nullable: false),
                colour = table.Column<string>(maxLength: 7, nullable: false),
                is_archived = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_themes", x => x.id));

        migrationBuilder.CreateTable(
            name: "brand_criteria",
            columns: table => new
            {
                key = table.Column<string>(maxLength: 40, nullable: false),
                name = table.Column<string>(maxLength: 80, nullable: false),
                description = table.Column<string>(maxLength: 500, nullable: false),
                weight = table.Column<double>(nullable: false),
                sort_order = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_brand_criteria", x => x.key));

        migrationBuilder.CreateTable(
            name: "horizon_lanes",
            columns: table => new
            {
                horizon = table.Column<string>(maxLength: 20, nullable: false),
                kpi = table.Column<string>(maxLength: 120, nullable: false),
                kpi_target = table.Column<string>(maxLength: 120, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_horizon_lanes", x => x.horizon));

        migrationBuilder.CreateTable(
            name: "initiatives",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                title = table.Column<string>(maxLength: 200, nullable: false),
                description = table.Column<string>(maxLength: 4000, nullable: false),
                theme_id = table.Column<int>(nullable: false),
                horizon = table.Column<string>(maxLength: 20, nullable: false),
                funnel_area = table.Column<string>(maxLength: 20, nullable: true),
                status = table.Column<string>(maxLength: 20, nullable: false),
                owner = table.Column<string>(maxLength: 100, nullable: false),
                target_kpi = table.Column<string>(maxLength: 200, nullable: false),
                reach = table.Column<double>(nullable: false),
                impact = table.Column<double>(nullable: false),
                confidence = table.Column<double>(nullable: false),
                effort = table.Column<double>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_initiatives", x => x.id);
                table.ForeignKey(
                    name: "FK_initiatives_themes_theme_id",
                    column: x => x.theme_id,
                    principalTable: "themes",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "initiative_brand_ratings",
            columns: table => new
            {
                initiative_id = table.Column<int>(nullable: false),
                criterion_key = table.Column<string>(maxLength: 40, nullable: false),
                rating = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_initiative_brand_ratings", x => new { x.initiative_id, x.criterion_key });
                table.ForeignKey(
                    name: "FK_initiative_brand_ratings_brand_criteria_criterion_key",
                    column: x => x.criterion_key,
                    principalTable: "brand_criteria",
                    principalColumn: "key",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_initiative_brand_ratings_initiatives_initiative_id",
                    column: x => x.initiative_id,
                    principalTable: "initiatives",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_themes_normalized_name", table: "themes", column: "normalized_name", unique: true);
        migrationBuilder.CreateIndex(name: "IX_initiatives_status", table: "initiatives", column: "status");
        migrationBuilder.CreateIndex(name: "IX_initiatives_theme_id", table: "initiatives", column: "theme_id");
        migrationBuilder.CreateIndex(name: "IX_initiative_brand_ratings_criterion_key", table: "initiative_brand_ratings", column: "criterion_key");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "initiative_brand_ratings");
        migrationBuilder.DropTable(name: "initiatives");
        migrationBuilder.DropTable(name: "horizon_lanes");
        migrationBuilder.DropTable(name: "brand_criteria");
        migrationBuilder.DropTable(name: "themes");
    }
}
