using Microsoft.Playwright;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>
/// Headless Chromium from the machine (Debian's chromium package), driven by Playwright. We never run
/// "playwright install": it downloads a browser, which these machines cannot. No browser: fail and say so.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutableVariable = "ROADMAP_TEST_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Install it (apt-get install -y chromium) or set {ExecutableVariable} to a Chromium binary.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>
/// A demo app (the Ashgrove Ceramics roadmap and its invented evidence) and a browser shared by one
/// class of journeys; xunit gives each class its own.
/// </summary>
public class JourneyFixture : IAsyncLifetime
{
    public JourneyFixture()
        : this(new SqliteDemoApp())
    {
    }

    protected JourneyFixture(AppFixture app) => App = app;

    public AppFixture App { get; }

    public BrowserFixture Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(App.InitializeAsync(), Browser.InitializeAsync());
    }

    /// <summary>
    /// A fresh page (own cookies) signed in as the bootstrap admin, or as <paramref name="email"/>;
    /// any browser-side error fails the test.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? email = AppFixture.AdminEmail)
    {
        var context = await Browser.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => throw new InvalidOperationException($"JavaScript error on {page.Url}: {error}");
        if (email is not null)
        {
            await SignInAsync(page, email);
        }

        return page;
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ranked roadmap" })).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}

/// <summary>
/// An empty shop (no demo data) and a browser, for journeys that count exactly the evidence they
/// store: the demo's own survey answers and funnel days would be added to theirs.
/// </summary>
public sealed class EmptyShopJourneyFixture() : JourneyFixture(new SqliteApp());
