using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Auditing;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Auditing;

/// <summary>Accounts, roles and API tokens are in the trail too, without a single secret.</summary>
public class AccountAuditTests
{
    private const string Password = "Correct-Horse-9";
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task CreateUser_RecordsTheUserAndTheRoleByName_ChangingTheRoleRecordsBoth(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await using var scope = await AccountScope.CreateAsync(harness);
        harness.Actor.Set("admin-1", "admin@shop.example");

        var created = await scope.Accounts.CreateUserAsync("pat@shop.example", "Pat Potter", Roles.ProductManager, Password, Ct);
        var userId = created.Value!.Id;
        harness.Clock.Now = ServiceHarness.Start.AddDays(1);
        await scope.Accounts.SetRoleAsync(userId, Roles.Admin, Ct);

        var trail = (await harness.Audit().QueryAsync(new AuditQuery { Subject = $"User:{userId}" }, Ct)).Items;
        trail.Should().OnlyContain(r => r.Actor == "admin@shop.example" && r.ActorId == "admin-1");
        trail.Select(r => (r.EntityType, r.Action)).Should().Equal(
            ("UserRole", AuditAction.Created), ("UserRole", AuditAction.Deleted), ("UserRole", AuditAction.Created), ("User", AuditAction.Created));
        var user = trail.Single(r => r.EntityType == "User");
        user.EntityId.Should().Be(userId);
        user.Changes.Should().Contain(
        [
            new AuditChange("email", null, "pat@shop.example"),
            new AuditChange("userName", null, "pat@shop.example"),
            new AuditChange("displayName", null, "Pat Potter"),
            new AuditChange("createdAt", null, "2026-11-22T02:00:00Z"),
            new AuditChange("lockoutEnabled", null, "true"),
        ]);
        user.Changes.Select(c => c.Field).Should().NotContain(["passwordHash", "securityStamp", "concurrencyStamp"]);
        trail[0].Changes.Should().ContainSingle(c => c.Field == "role").Which.Should().Be(new AuditChange("role", null, "Admin"));
        trail[1].Changes.Should().ContainSingle(c => c.Field == "role").Which.Should().Be(new AuditChange("role", "ProductManager", null));
        trail[2].Changes.Should().ContainSingle(c => c.Field == "role").Which.Should().Be(new AuditChange("role", null, "ProductManager"));
        trail[2].Changes.Should().Contain(new AuditChange("userId", null, userId));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task IssueAndRevokeToken_AreRecordedWithoutTheHash_UsingItIsNot(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await using var scope = await AccountScope.CreateAsync(harness);
        var userId = (await scope.Accounts.CreateUserAsync("pat@shop.example", "Pat", Roles.ProductManager, Password, Ct)).Value!.Id;

        var issued = (await scope.Tokens.IssueAsync(userId, "Nightly import", 30, Ct)).Value!;
        harness.Clock.Now = ServiceHarness.Start.AddHours(1);
        (await scope.Tokens.AuthenticateAsync(issued.Secret, Ct)).Should().NotBeNull();
        await scope.Tokens.RevokeAsync(userId, issued.Token.Id, Ct);

        var trail = (await harness.Audit().QueryAsync(new AuditQuery { EntityType = "ApiToken" }, Ct)).Items;
        trail.Should().HaveCount(2).And.OnlyContain(r => r.EntityId == $"{issued.Token.Id}" && r.Subject == $"User:{userId}");
        trail[1].Action.Should().Be(AuditAction.Created);
        trail[1].Changes.Should().BeEquivalentTo(
        [
            new AuditChange("id", null, $"{issued.Token.Id}"),
            new AuditChange("userId", null, userId),
            new AuditChange("name", null, "Nightly import"),
            new AuditChange("prefix", null, issued.Secret[..ApiToken.PrefixLength]),
            new AuditChange("createdAt", null, "2026-11-22T02:00:00Z"),
            new AuditChange("expiresAt", null, "2026-12-22T02:00:00Z"),
            new AuditChange("isBootstrap", null, "false"),
        ]);
        trail[0].Action.Should().Be(AuditAction.Updated);
        trail[0].Changes.Should().Equal(new AuditChange("revokedAt", null, "2026-11-22T03:00:00Z"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task NoSecretEverReachesTheTrail(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        await using var scope = await AccountScope.CreateAsync(harness);
        var user = (await scope.Accounts.CreateUserAsync("pat@shop.example", "Pat", Roles.Executive, Password, Ct)).Value!;
        var issued = (await scope.Tokens.IssueAsync(user.Id, "Reports", null, Ct)).Value!;
        await scope.Tokens.EnsureBootstrapTokenAsync(user.Id, "rp_bootstrap-secret-value", Ct);
        await scope.Accounts.ChangePasswordAsync(user, Password, "Another-Horse-7", Ct);
        await scope.Accounts.SetDisabledAsync(user.Id, disabled: true, Ct);

        await using var db = harness.Db();
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
        var hashes = await db.ApiTokens.Select(t => t.Hash).ToListAsync();
        string[] secrets = [Password, "Another-Horse-7", stored.PasswordHash!, stored.SecurityStamp!, stored.ConcurrencyStamp!, issued.Secret, "rp_bootstrap-secret-value", .. hashes];
        var rows = await db.AuditEntries.AsNoTracking().ToListAsync();
        var everything = string.Join("\n", rows.Select(r => string.Join("|", r.ActorId, r.ActorName, r.EntityType, r.EntityId, r.Subject, r.Changes)));

        rows.Should().Contain(r => r.EntityType == "User" && r.Action == AuditAction.Updated && r.Changes.Contains("disabledAt", StringComparison.Ordinal));
        hashes.Should().HaveCount(2);
        foreach (var secret in secrets)
        {
            everything.Should().NotContain(secret);
        }

        everything.Should().NotContainAny("passwordHash", "securityStamp", "concurrencyStamp", "\"hash\"", "lastUsedAt");
    }
}
