using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Web.Tests;

/// <summary>
/// The real app on a real loopback port (Kestrel), over a fresh real database of one provider.
/// One per test class: tests make their own data and assert on it.
/// </summary>
public abstract class AppFixture(DatabaseProvider provider, bool demoData, bool bootstrap = true) : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public const string AdminEmail = "admin@example.com";
    public const string Password = "a long test password";
    public const string AdminToken = "rp_test-admin-token-0123456789abcdef";

    public DatabaseProvider Provider => provider;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>High by default so test classes that sign in often are not throttled; one fixture lowers it.</summary>
    protected virtual int SignInPerMinute => 1000;

    public Uri BaseAddress { get; private set; } = default!;

    public HttpClient Client { get; private set; } = default!;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        (_factory, BaseAddress) = Start();
        Client = CreateClient(AdminToken);
    }

    /// <summary>Services a fixture adds to the app's own (e.g. a test connector).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// One more instance of the app on this fixture's database, on a port of its own, as a second node
    /// behind a load balancer would run; dispose it before the fixture.
    /// </summary>
    public (WebApplicationFactory<Program> Factory, Uri BaseAddress) StartAnotherInstance() => Start();

    private (WebApplicationFactory<Program>, Uri) Start()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Testing")
            .UseUrls("http://127.0.0.1:0")
            .UseSetting("Database:Provider", provider.ToString())
            .UseSetting("ConnectionStrings:Roadmap", _database!.ConnectionString)
            .UseSetting("Seed:DemoData", demoData ? "true" : "false")
            .UseSetting("Bootstrap:AdminEmail", bootstrap ? AdminEmail : string.Empty)
            .UseSetting("Bootstrap:AdminPassword", bootstrap ? Password : string.Empty)
            .UseSetting("Bootstrap:AdminApiToken", bootstrap ? AdminToken : string.Empty)
            .UseSetting("RateLimits:ApiPerMinute", "100000")
            .UseSetting("RateLimits:SignInPerMinute", $"{SignInPerMinute}")
            .ConfigureTestServices(ConfigureServices));
        factory.UseKestrel();
        factory.StartServer();

        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (factory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>A client that authenticates with <paramref name="token"/> (none: anonymous).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>A new user with <paramref name="role"/> (email, password <see cref="Password"/>) and an API token of theirs.</summary>
    public async Task<(string Email, string Token)> CreateUserAsync(string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(email, $"Test {role}", role, Password, CancellationToken.None);
        created.IsOk.Should().BeTrue(string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(created.Value!.Id, "tests", 30, CancellationToken.None);
        return (email, token.Value!.Secret);
    }

    /// <summary>A browser-like client with its own cookie jar, following redirects or not.</summary>
    public HttpClient CreateCookieClient(bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = BaseAddress };

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteApp() : AppFixture(DatabaseProvider.Sqlite, demoData: false);

public sealed class PostgresApp() : AppFixture(DatabaseProvider.Postgres, demoData: false);

public sealed class SqliteDemoApp() : AppFixture(DatabaseProvider.Sqlite, demoData: true);

public sealed class PostgresDemoApp() : AppFixture(DatabaseProvider.Postgres, demoData: true);
