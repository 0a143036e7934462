using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Tests.Auditing;

/// <summary>AccountService and ApiTokenService with real Identity managers over one harness context, as one request would have them.</summary>
internal sealed class AccountScope : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private AccountScope(ServiceHarness harness)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(harness.Clock);
        services.AddScoped(_ => harness.Db());
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<RoadmapDbContext>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AccountService>();
        _provider = services.BuildServiceProvider(validateScopes: true);
        _scope = _provider.CreateAsyncScope();
    }

    public AccountService Accounts => _scope.ServiceProvider.GetRequiredService<AccountService>();

    public ApiTokenService Tokens => _scope.ServiceProvider.GetRequiredService<ApiTokenService>();

    public static async Task<AccountScope> CreateAsync(ServiceHarness harness)
    {
        var scope = new AccountScope(harness);
        await scope.Accounts.BootstrapAsync(new BootstrapOptions(), CancellationToken.None); // the three roles
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
