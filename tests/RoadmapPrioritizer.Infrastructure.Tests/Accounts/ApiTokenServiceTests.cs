using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Accounts;

public class ApiTokenServiceTests
{
    private static async Task<string> AddUserAsync(ServiceHarness harness, bool disabled = false)
    {
        await using var db = harness.Db();
        var user = new AppUser { UserName = $"{Guid.NewGuid():N}@example.com", DisplayName = "Tester", CreatedAt = ServiceHarness.Start.UtcDateTime };
        user.DisabledAt = disabled ? ServiceHarness.Start.UtcDateTime : null;
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static ApiTokenService Tokens(ServiceHarness harness) => new(harness.Db(), harness.Clock);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Issue_ThenAuthenticate_UntilItExpires(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var userId = await AddUserAsync(harness);

        var issued = await Tokens(harness).IssueAsync(userId, "Nightly import", 30, CancellationToken.None);

        issued.Value!.Secret.Should().StartWith("rp_").And.HaveLength(46); // "rp_" + 43 base64url characters of 32 random bytes
        (await Tokens(harness).AuthenticateAsync(issued.Value.Secret, CancellationToken.None))!.Id.Should().Be(userId);
        harness.Clock.Now = ServiceHarness.Start.AddDays(30).AddSeconds(1);
        (await Tokens(harness).AuthenticateAsync(issued.Value.Secret, CancellationToken.None)).Should().BeNull("it expired");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Issue_InvalidNameOrLifetime_IsRefused(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var userId = await AddUserAsync(harness);

        var outcome = await Tokens(harness).IssueAsync(userId, " ", 0, CancellationToken.None);

        outcome.Errors.Keys.Should().BeEquivalentTo("name", "lifetimeDays");
        await using var db = harness.Db();
        (await db.ApiTokens.CountAsync()).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BootstrapToken_IsKeptWhileUnchanged_AndReplacedWhenTheValueChanges(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var adminId = await AddUserAsync(harness);

        await Tokens(harness).EnsureBootstrapTokenAsync(adminId, "rp_first-value", CancellationToken.None);
        await Tokens(harness).EnsureBootstrapTokenAsync(adminId, "rp_first-value", CancellationToken.None);
        await Tokens(harness).EnsureBootstrapTokenAsync(adminId, "rp_second-value", CancellationToken.None);

        await using var db = harness.Db();
        var tokens = await db.ApiTokens.OrderBy(t => t.Id).ToListAsync();
        tokens.Should().HaveCount(2);
        tokens[0].RevokedAt.Should().NotBeNull();
        tokens[1].RevokedAt.Should().BeNull();
        (await Tokens(harness).AuthenticateAsync("rp_first-value", CancellationToken.None)).Should().BeNull();
        (await Tokens(harness).AuthenticateAsync("rp_second-value", CancellationToken.None)).Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Authenticate_DisabledUserOrRevokedToken_IsRefused(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var disabledId = await AddUserAsync(harness, disabled: true);
        var activeId = await AddUserAsync(harness);
        var ofDisabled = await Tokens(harness).IssueAsync(disabledId, "a", 10, CancellationToken.None);
        var revoked = await Tokens(harness).IssueAsync(activeId, "b", 10, CancellationToken.None);

        (await Tokens(harness).RevokeAsync(activeId, revoked.Value!.Token.Id, CancellationToken.None)).Should().BeTrue();
        (await Tokens(harness).RevokeAsync(disabledId, revoked.Value.Token.Id, CancellationToken.None)).Should().BeFalse("only the owner revokes");

        (await Tokens(harness).AuthenticateAsync(ofDisabled.Value!.Secret, CancellationToken.None)).Should().BeNull();
        (await Tokens(harness).AuthenticateAsync(revoked.Value.Secret, CancellationToken.None)).Should().BeNull();
    }
}
