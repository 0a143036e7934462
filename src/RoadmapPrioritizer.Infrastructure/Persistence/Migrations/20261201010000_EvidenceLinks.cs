using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>The evidence each initiative answers to, and the inputs people have locked over it.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261201010000_EvidenceLinks")]
public sealed class EvidenceLinks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "initiative_evidence_links",
            columns: table => new
            {
                initiative_id = table.Column<int>(nullable: false),
                reasons = table.Column<string>(maxLength: 12_000, nullable: false),
                keywords = table.Column<string>(maxLength: 2_500, nullable: false),
                survey_types = table.Column<string>(maxLength: 200, nullable: false),
                funnel_step = table.Column<string>(maxLength: 20, nullable: true),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_initiative_evidence_links", x => x.initiative_id);
                table.ForeignKey("FK_initiative_evidence_links_initiatives_initiative_id", x => x.initiative_id, "initiatives", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "initiative_input_locks",
            columns: table => new
            {
                initiative_id = table.Column<int>(nullable: false),
                input = table.Column<string>(maxLength: 20, nullable: false),
                value = table.Column<double>(nullable: false),
                rationale = table.Column<string>(maxLength: 1000, nullable: false),
                locked_by = table.Column<string>(maxLength: 256, nullable: false),
                locked_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_initiative_input_locks", x => new { x.initiative_id, x.input });
                table.ForeignKey("FK_initiative_input_locks_initiatives_initiative_id", x => x.initiative_id, "initiatives", "id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "initiative_input_locks");
        migrationBuilder.DropTable(name: "initiative_evidence_links");
    }
}
