using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace RoadmapPrioritizer.Infrastructure.Persistence.Migrations;

/// <summary>ASP.NET Core Identity (schema version 1, snake_case), API tokens and Data Protection keys.</summary>
[DbContext(typeof(RoadmapDbContext))]
[Migration("20261122023000_Accounts")]
public sealed class Accounts : Migration
{
    private const string SqliteAutoincrement = "Sqlite:Autoincrement";
    private const string NpgsqlValueGeneration = "Npgsql:ValueGenerationStrategy";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "roles",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(maxLength: 256, nullable: true),
                normalized_name = table.Column<string>(maxLength: 256, nullable: true),
                concurrency_stamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_roles", x => x.id));

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                display_name = table.Column<string>(maxLength: 100, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                disabled_at = table.Column<DateTime>(nullable: true),
                user_name = table.Column<string>(maxLength: 256, nullable: true),
                normalized_user_name = table.Column<string>(maxLength: 256, nullable: true),
                email = table.Column<string>(maxLength: 256, nullable: true),
                normalized_email = table.Column<string>(maxLength: 256, nullable: true),
                email_confirmed = table.Column<bool>(nullable: false),
                password_hash = table.Column<string>(nullable: true),
                security_stamp = table.Column<string>(nullable: true),
                concurrency_stamp = table.Column<string>(nullable: true),
                phone_number = table.Column<string>(nullable: true),
                phone_number_confirmed = table.Column<bool>(nullable: false),
                two_factor_enabled = table.Column<bool>(nullable: false),
                lockout_end = table.Column<DateTimeOffset>(nullable: true),
                lockout_enabled = table.Column<bool>(nullable: false),
                access_failed_count = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_users", x => x.id));

        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                friendly_name = table.Column<string>(maxLength: 100, nullable: false),
                xml = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_data_protection_keys", x => x.id));

        migrationBuilder.CreateTable(
            name: "role_claims",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                role_id = table.Column<string>(nullable: false),
                claim_type = table.Column<string>(nullable: true),
                claim_value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_role_claims", x => x.id);
                table.ForeignKey("FK_role_claims_roles_role_id", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "api_tokens",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<string>(nullable: false),
                name = table.Column<string>(maxLength: 80, nullable: false),
                prefix = table.Column<string>(maxLength: 10, nullable: false),
                hash = table.Column<string>(maxLength: 64, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                revoked_at = table.Column<DateTime>(nullable: true),
                last_used_at = table.Column<DateTime>(nullable: true),
                is_bootstrap = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_tokens", x => x.id);
                table.ForeignKey("FK_api_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_claims",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation(SqliteAutoincrement, true)
                    .Annotation(NpgsqlValueGeneration, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<string>(nullable: false),
                claim_type = table.Column<string>(nullable: true),
                claim_value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_claims", x => x.id);
                table.ForeignKey("FK_user_claims_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_logins",
            columns: table => new
            {
                login_provider = table.Column<string>(nullable: false),
                provider_key = table.Column<string>(nullable: false),
                provider_display_name = table.Column<string>(nullable: true),
                user_id = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_logins", x => new { x.login_provider, x.provider_key });
                table.ForeignKey("FK_user_logins_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_roles",
            columns: table => new
            {
                user_id = table.Column<string>(nullable: false),
                role_id = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_roles", x => new { x.user_id, x.role_id });
                table.ForeignKey("FK_user_roles_roles_role_id", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_user_roles_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                user_id = table.Column<string>(nullable: false),
                login_provider = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                table.ForeignKey("FK_user_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_api_tokens_hash", table: "api_tokens", column: "hash", unique: true);
        migrationBuilder.CreateIndex(name: "IX_api_tokens_user_id", table: "api_tokens", column: "user_id");
        migrationBuilder.CreateIndex(name: "IX_role_claims_role_id", table: "role_claims", column: "role_id");
        migrationBuilder.CreateIndex(name: "RoleNameIndex", table: "roles", column: "normalized_name", unique: true);
        migrationBuilder.CreateIndex(name: "IX_user_claims_user_id", table: "user_claims", column: "user_id");
        migrationBuilder.CreateIndex(name: "IX_user_logins_user_id", table: "user_logins", column: "user_id");
        migrationBuilder.CreateIndex(name: "IX_user_roles_role_id", table: "user_roles", column: "role_id");
        migrationBuilder.CreateIndex(name: "EmailIndex", table: "users", column: "normalized_email");
        migrationBuilder.CreateIndex(name: "UserNameIndex", table: "users", column: "normalized_user_name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "user_tokens", "user_roles", "user_logins", "user_claims", "api_tokens", "role_claims", "data_protection_keys", "users", "roles" })
        {
            migrationBuilder.DropTable(name: table);
        }
    }
}
