using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Tests.Auditing;

/// <summary>
/// The real app (see <see cref="AppFixture"/>) with real accounts: each <see cref="TestUser"/> becomes an
/// account of its role on first use, and its client sends that account's API token.
/// </summary>
public abstract class AuditApp(DatabaseProvider provider) : AppFixture(provider, demoData: false)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Id, string Token)>>> _accounts = new(StringComparer.Ordinal);

    /// <summary>A client signed in as <paramref name="user"/> with an API token, or anonymous.</summary>
    public async Task<HttpClient> ClientAsync(TestUser? user = null) =>
        CreateClient(user is null ? null : (await AccountOfAsync(user)).Token);

    public async Task<string> IdOfAsync(TestUser user) => (await AccountOfAsync(user)).Id;

    public async Task<string> TokenOfAsync(TestUser user) => (await AccountOfAsync(user)).Token;

    private Task<(string Id, string Token)> AccountOfAsync(TestUser user) =>
        _accounts.GetOrAdd(user.Email, _ => new Lazy<Task<(string, string)>>(() => CreateAccountAsync(user))).Value;

    private async Task<(string Id, string Token)> CreateAccountAsync(TestUser user)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateUserAsync(user.Email, user.Email, user.Role, Password, CancellationToken.None);
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>()
            .IssueAsync(created.Value!.Id, "audit tests", 30, CancellationToken.None);
        return (created.Value.Id, token.Value!.Secret);
    }
}

public sealed class SqliteAuditApp() : AuditApp(DatabaseProvider.Sqlite);

public sealed class PostgresAuditApp() : AuditApp(DatabaseProvider.Postgres);

/// <summary>Someone the tests act as: an account with this email and role is made on first use.</summary>
public sealed record TestUser(string Email, string Role)
{
    public static readonly TestUser Admin = new("admin@shop.example", Roles.Admin);
    public static readonly TestUser Executive = new("exec@shop.example", Roles.Executive);
    public static readonly TestUser ProductManager = new("pm@shop.example", Roles.ProductManager);

    /// <summary>The name the audit trail records: Identity's user name, which is the email.</summary>
    public string Name => Email;
}
