using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>Evidence sources, their import runs, and the evidence: survey responses, orders, abandoned checkouts, funnel days.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122040000_Evidence")]
public sealed class Evidence : Migration
{
    private static readonly string[] Tables = ["funnel_days", "abandoned_checkouts", "orders", "survey_responses", "import_runs", "evidence_sources"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "evidence_sources",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                kind = table.Column<string>(maxLength: 20, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                cron = table.Column<string>(maxLength: 120, nullable: true),
                enabled = table.Column<bool>(nullable: false),
                settings_json = table.Column<string>(maxLength: 4000, nullable: false),
                protected_secret = table.Column<string>(maxLength: 16000, nullable: true),
                cursor = table.Column<string>(maxLength: 4000, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_evidence_sources", x => x.id));
        migrationBuilder.CreateIndex(name: "IX_evidence_sources_name", table: "evidence_sources", column: "name", unique: true);

        migrationBuilder.CreateTable(
            name: "import_runs",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                source_id = table.Column<int>(nullable: false),
                trigger = table.Column<string>(maxLength: 20, nullable: false),
                state = table.Column<string>(maxLength: 20, nullable: false),
                actor = table.Column<string>(maxLength: 256, nullable: true),
                started_at = table.Column<DateTime>(nullable: false),
                finished_at = table.Column<DateTime>(nullable: true),
                added = table.Column<int>(nullable: false),
                already_present = table.Column<int>(nullable: false),
                rejected = table.Column<int>(nullable: false),
                progress = table.Column<string>(maxLength: 200, nullable: true),
                error = table.Column<string>(maxLength: 4000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_import_runs", x => x.id);
                table.ForeignKey("FK_import_runs_evidence_sources_source_id", x => x.source_id, "evidence_sources", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_import_runs_source_id_started_at", table: "import_runs", columns: ["source_id", "started_at"]);

        migrationBuilder.CreateTable(
            name: "survey_responses",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                source_id = table.Column<int>(nullable: false),
                external_id = table.Column<string>(maxLength: 200, nullable: false),
                survey_id = table.Column<string>(maxLength: 200, nullable: true),
                survey_type = table.Column<string>(maxLength: 20, nullable: false),
                submitted_at = table.Column<DateTime>(nullable: false),
                question = table.Column<string>(maxLength: 1000, nullable: true),
                reason = table.Column<string>(maxLength: 500, nullable: true),
                text = table.Column<string>(maxLength: 10000, nullable: true),
                score = table.Column<double>(nullable: true),
                order_value_minor = table.Column<long>(nullable: true),
                currency = table.Column<string>(maxLength: 3, nullable: true),
                customer_hash = table.Column<string>(maxLength: 32, nullable: true),
                page = table.Column<string>(maxLength: 500, nullable: true),
                tags = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_survey_responses", x => x.id);
                table.ForeignKey("FK_survey_responses_evidence_sources_source_id", x => x.source_id, "evidence_sources", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_survey_responses_source_id_external_id", table: "survey_responses", columns: ["source_id", "external_id"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_survey_responses_submitted_at", table: "survey_responses", column: "submitted_at");

        CreateCommerceTable(migrationBuilder, "orders");
        CreateCommerceTable(migrationBuilder, "abandoned_checkouts");

        migrationBuilder.CreateTable(
            name: "funnel_days",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                source_id = table.Column<int>(nullable: false),
                date = table.Column<DateOnly>(nullable: false),
                segment = table.Column<string>(maxLength: 100, nullable: false),
                sessions = table.Column<long>(nullable: false),
                product_views = table.Column<long>(nullable: false),
                add_to_cart = table.Column<long>(nullable: false),
                checkout_started = table.Column<long>(nullable: false),
                checkout_completed = table.Column<long>(nullable: false),
                revenue_minor = table.Column<long>(nullable: false),
                currency = table.Column<string>(maxLength: 3, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_funnel_days", x => x.id);
                table.ForeignKey("FK_funnel_days_evidence_sources_source_id", x => x.source_id, "evidence_sources", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_funnel_days_source_id_date_segment", table: "funnel_days", columns: ["source_id", "date", "segment"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_funnel_days_date", table: "funnel_days", column: "date");
    }

    /// <summary>Orders and abandoned checkouts have the same shape.</summary>
    private static void CreateCommerceTable(MigrationBuilder migrationBuilder, string name)
    {
        migrationBuilder.CreateTable(
            name: name,
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                source_id = table.Column<int>(nullable: false),
                external_id = table.Column<string>(maxLength: 200, nullable: false),
                customer_hash = table.Column<string>(maxLength: 32, nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                total_minor = table.Column<long>(nullable: false),
                currency = table.Column<string>(maxLength: 3, nullable: false),
                item_count = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey($"PK_{name}", x => x.id);
                table.ForeignKey($"FK_{name}_evidence_sources_source_id", x => x.source_id, "evidence_sources", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: $"IX_{name}_source_id_external_id", table: name, columns: ["source_id", "external_id"], unique: true);
        migrationBuilder.CreateIndex(name: $"IX_{name}_created_at", table: name, column: "created_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.DropTable(name: table);
        }
    }
}
