using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Web.Tests;

/// <summary>
/// The real app on a real loopback port (Kestrel), over a fresh real database of one provider.
/// One per test class: tests make their own data and assert on it.
/// </summary>
public abstract class AppFixture(DatabaseProvider provider, bool demoData) : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public DatabaseProvider Provider => provider;

    public string ConnectionString => _database!.ConnectionString;

    public Uri BaseAddress { get; private set; } = default!;

    public HttpClient Client { get; private set; } = default!;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Testing")
            .UseUrls("http://127.0.0.1:0")
            .UseSetting("Database:Provider", provider.ToString())
            .UseSetting("ConnectionStrings:Roadmap", _database.ConnectionString)
            .UseSetting("Seed:DemoData", demoData ? "true" : "false"));
        _factory.UseKestrel();
        _factory.StartServer();

        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>A client that does not follow redirects, to see what a form post answers.</summary>
    public HttpClient CreateClient(bool followRedirects) =>
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
