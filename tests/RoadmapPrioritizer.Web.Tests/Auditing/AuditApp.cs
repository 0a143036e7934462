using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;
using RoadmapPrioritizer.Web.Api;
using RoadmapPrioritizer.Web.Hosting;

namespace RoadmapPrioritizer.Web.Tests.Auditing;

/// <summary>
/// The app as RoadmapHosting composes it, plus the audit wiring the host is to add (UseAuditActor
/// after authentication, MapAuditApi), over a real database on a real loopback port. Sign-in is a
/// test scheme: the <see cref="TestUser.Header"/> header names the user, so tests can act as anyone.
/// </summary>
public abstract class AuditApp(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = default!;

    public DatabaseProvider Provider => provider;

    /// <summary>A client signed in as <paramref name="user"/>, or anonymous.</summary>
    public HttpClient Client(TestUser? user = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(TestUser.Header, user.HeaderValue);
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = WebProjectFolder(),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Roadmap"] = _database.ConnectionString,
            ["Seed:DemoData"] = "false",
        });
        builder.AddRoadmapServices();
        builder.Services.AddAuthentication(TestUser.Scheme).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestUser.Scheme, null);
        builder.Services.AddAuthorization();

        _app = builder.Build();
        await _app.InitializeDatabaseAsync();

        // Authentication first, so antiforgery tokens on forms are checked against the signed-in user.
        _app.UseAuthentication();
        _app.UseRoadmap();
        _app.UseAuthorization();
        _app.UseAuditActor();
        _app.MapAuditApi();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The web project's folder, for its wwwroot (Bootstrap, htmx), as WebApplicationFactory finds it.</summary>
    private static string WebProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RoadmapPrioritizer.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("RoadmapPrioritizer.sln not found above the test binaries."), "src", "RoadmapPrioritizer.Web");
    }
}

public sealed class SqliteAuditApp() : AuditApp(DatabaseProvider.Sqlite);

public sealed class PostgresAuditApp() : AuditApp(DatabaseProvider.Postgres);

/// <summary>A signed-in user for the test scheme.</summary>
public sealed record TestUser(string Id, string Name, string Role)
{
    public const string Scheme = "Test";
    public const string Header = "X-Test-User";

    public static readonly TestUser Admin = new("user-admin", "admin@shop.example", "Admin");
    public static readonly TestUser Executive = new("user-exec", "exec@shop.example", "Executive");
    public static readonly TestUser ProductManager = new("user-pm", "pm@shop.example", "ProductManager");

    public string HeaderValue => $"{Id}|{Name}|{Role}";
}

/// <summary>Signs the request in as the user in <see cref="TestUser.Header"/>; without it the request is anonymous.</summary>
internal sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[TestUser.Header].ToString().Split('|') is not [var id, var name, var role])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name), new(ClaimTypes.Role, role)], TestUser.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TestUser.Scheme)));
    }
}
