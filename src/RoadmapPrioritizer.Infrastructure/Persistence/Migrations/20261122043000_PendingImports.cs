using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>Files uploaded in the browser and waiting for their uploader to confirm or discard them.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122043000_PendingImports")]
public sealed class PendingImports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "pending_imports",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                kind = table.Column<string>(maxLength: 20, nullable: false),
                file_name = table.Column<string>(maxLength: 260, nullable: false),
                content = table.Column<byte[]>(nullable: false),
                options_json = table.Column<string>(nullable: false),
                uploaded_by = table.Column<string>(maxLength: 256, nullable: false),
                uploaded_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_pending_imports", x => x.id));
        migrationBuilder.CreateIndex(name: "IX_pending_imports_uploaded_at", table: "pending_imports", column: "uploaded_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "pending_imports");
}
