using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>The audit trail: one row per created, changed or deleted record, with its fields before and after.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122025000_AuditTrail")]
public sealed class AuditTrail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                at = table.Column<DateTime>(nullable: false),
                actor_id = table.Column<string>(nullable: true),
                actor_name = table.Column<string>(maxLength: 256, nullable: false),
                action = table.Column<string>(maxLength: 20, nullable: false),
                entity_type = table.Column<string>(maxLength: 40, nullable: false),
                entity_id = table.Column<string>(maxLength: 200, nullable: false),
                subject = table.Column<string>(maxLength: 241, nullable: false),
                changes = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_audit_entries", x => x.id));

        migrationBuilder.CreateIndex(name: "IX_audit_entries_at", table: "audit_entries", column: "at");
        migrationBuilder.CreateIndex(name: "IX_audit_entries_entity_type_entity_id", table: "audit_entries", columns: ["entity_type", "entity_id"]);
        migrationBuilder.CreateIndex(name: "IX_audit_entries_subject", table: "audit_entries", column: "subject");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "audit_entries");
}
