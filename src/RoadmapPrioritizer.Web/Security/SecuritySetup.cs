using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Security;

/// <summary>Sign-in, roles, API tokens, cookies, Data Protection, rate limits and security headers.</summary>
internal static class SecuritySetup
{
    private const string SmartScheme = "CookieOrToken";

    public static void AddRoadmapSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.Section));
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AccountService>();

        services.AddIdentityCore<AppUser>(options =>
            {
                // NIST SP 800-63B: length over composition rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version1;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RoadmapDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Sign-in cookie or API token", options =>
                options.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.HasBearer(context.Request)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        // Cookies are Secure on HTTPS requests. Behind a TLS-terminating proxy, trust its X-Forwarded-Proto
        // (Security:TrustForwardedHeaders) so requests count as HTTPS, or force Secure with
        // Security:RequireSecureCookies (then plain-HTTP use, such as the local quick start, cannot sign in).
        var secure = builder.Configuration.GetValue("Security:RequireSecureCookies", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        if (builder.Configuration.GetValue("Security:TrustForwardedHeaders", false))
        {
            services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
            });
        }

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "roadmap.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secure;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/denied";
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "roadmap.antiforgery";
            options.Cookie.SecurePolicy = secure;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // A disabled user or a changed role ends existing sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();

        services.AddDataProtection().SetApplicationName("RoadmapPrioritizer");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IServiceScopeFactory>())));

        services.AddRateLimiter(options =>
        {
            var signInPerMinute = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 10);
            var apiPerMinute = builder.Configuration.GetValue("RateLimits:ApiPerMinute", 600);
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignIn(context.Request) ? Window($"sign-in:{Client(context)}", signInPerMinute)
                : context.Request.Path.StartsWithSegments("/api") ? Window($"api:{context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? Client(context)}", apiPerMinute)
                : RateLimitPartition.GetNoLimiter("pages"));
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem("Too many requests; wait a minute and try again.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }

    public static void UseForwardedHeadersIfTrusted(this WebApplication app)
    {
        if (app.Configuration.GetValue("Security:TrustForwardedHeaders", false))
        {
            app.UseForwardedHeaders();
        }
    }

    public static void UseRoadmapSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    /// <summary>The API answers 401/403; pages redirect to sign-in or the access-denied page.</summary>
    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/fragments"))
        {
            return Results.Problem(status == 401 ? "Sign in or send an API token." : "Your role does not allow this.", statusCode: status)
                .ExecuteAsync(context.HttpContext);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.StartsWithSegments("/account/login") || request.Path.StartsWithSegments("/setup"));

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
