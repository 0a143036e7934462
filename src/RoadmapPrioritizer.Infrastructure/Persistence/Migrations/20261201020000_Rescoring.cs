using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>Rescore runs and the snapshot each keeps of every initiative.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261201020000_Rescoring")]
public sealed class Rescoring : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "rescore_runs",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                trigger = table.Column<string>(maxLength: 20, nullable: false),
                state = table.Column<string>(maxLength: 20, nullable: false),
                actor = table.Column<string>(maxLength: 256, nullable: true),
                started_at = table.Column<DateTime>(nullable: false),
                finished_at = table.Column<DateTime>(nullable: true),
                as_of = table.Column<DateOnly>(nullable: false),
                initiatives = table.Column<int>(nullable: false),
                changed = table.Column<int>(nullable: false),
                error = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_rescore_runs", x => x.id));
        migrationBuilder.CreateIndex(name: "IX_rescore_runs_started_at", table: "rescore_runs", column: "started_at");

        migrationBuilder.CreateTable(
            name: "score_snapshots",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                run_id = table.Column<long>(nullable: false),
                initiative_id = table.Column<int>(nullable: false),
                reach = table.Column<double>(nullable: false),
                impact = table.Column<double>(nullable: false),
                confidence = table.Column<double>(nullable: false),
                effort = table.Column<double>(nullable: false),
                rice_score = table.Column<double>(nullable: false),
                brand_fit = table.Column<double>(nullable: false),
                priority_score = table.Column<double>(nullable: false),
                rank = table.Column<int>(nullable: true),
                details = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_score_snapshots", x => x.id);
                table.ForeignKey("FK_score_snapshots_rescore_runs_run_id", x => x.run_id, "rescore_runs", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_score_snapshots_initiatives_initiative_id", x => x.initiative_id, "initiatives", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_score_snapshots_initiative_id_run_id", table: "score_snapshots", columns: ["initiative_id", "run_id"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_score_snapshots_run_id", table: "score_snapshots", column: "run_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "score_snapshots");
        migrationBuilder.DropTable(name: "rescore_runs");
    }
}
