using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>Falls in the funnel's step conversions, opened and closed by the nightly evaluation.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261201030000_FunnelIncidents")]
public sealed class FunnelIncidents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "funnel_incidents",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                step = table.Column<string>(maxLength: 20, nullable: false),
                metric = table.Column<string>(maxLength: 40, nullable: false),
                rule = table.Column<string>(maxLength: 20, nullable: false),
                baseline = table.Column<double>(nullable: false),
                observed = table.Column<double>(nullable: false),
                change_pct = table.Column<double>(nullable: false),
                opened_on = table.Column<DateOnly>(nullable: false),
                closed_on = table.Column<DateOnly>(nullable: true),
                last_checked_on = table.Column<DateOnly>(nullable: false),
                explanation = table.Column<string>(maxLength: 2000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_funnel_incidents", x => x.id));
        migrationBuilder.CreateIndex(name: "IX_funnel_incidents_step_open", table: "funnel_incidents", column: "step", unique: true, filter: "closed_on IS NULL");
        migrationBuilder.CreateIndex(name: "IX_funnel_incidents_opened_on", table: "funnel_incidents", column: "opened_on");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "funnel_incidents");
}
