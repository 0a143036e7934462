using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>Comments on initiatives.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122030000_Comments")]
public sealed class Comments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "comments",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                initiative_id = table.Column<int>(nullable: false),
                author_id = table.Column<string>(maxLength: 450, nullable: false),
                author_name = table.Column<string>(maxLength: 256, nullable: false),
                body = table.Column<string>(maxLength: 2000, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comments", x => x.id);
                table.ForeignKey("FK_comments_initiatives_initiative_id", x => x.initiative_id, "initiatives", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_comments_initiative_id", table: "comments", column: "initiative_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "comments");
}
