using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Incidents;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Ingestion.Webhooks;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Infrastructure.Seeding;
using RoadmapPrioritizer.Web.Api;
using RoadmapPrioritizer.Web.Components;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Hosting;

internal static class RoadmapHosting
{
    public static void AddRoadmapServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRoadmapDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<RoadmapService>();
        services.AddScoped<ThemeService>();
        services.AddScoped<InitiativeService>();
        services.AddScoped<CommentService>();
        services.AddScoped<CsvImportService>();
        services.AddScoped<WebhookService>();
        services.AddScoped<EvidenceExplorer>();
        services.AddScoped<PendingImportService>();
        services.AddIncidents(builder.Configuration);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<EvidenceLinkService>();
        services.AddScoped<RescoreViews>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        builder.AddRoadmapSecurity();
        builder.AddIngestion();

        services.AddRazorComponents();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seedDemoData = app.Configuration.GetValue("Seed:DemoData", defaultValue: true);
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemoData, app.Lifetime.ApplicationStopping);
        var bootstrap = scope.ServiceProvider.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        await scope.ServiceProvider.GetRequiredService<AccountService>().BootstrapAsync(bootstrap, app.Lifetime.ApplicationStopping);
    }

    public static void UseRoadmap(this WebApplication app)
    {
        app.UseForwardedHeadersIfTrusted();
        app.UseRequestLogging();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        else
        {
            app.UseExceptionHandler();
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles();

        // Routing after the status-code pages, so a re-executed /not-found is routed afresh.
        app.UseRouting();
        app.UseRoadmapSecurity();
        app.UseAuditActor();
        app.UseBrowserUploadLimit();
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapRoadmapApi();
        app.MapRescoringApi();
        app.MapAuditApi().RequireAuthorization(Policies.Audit);
        app.MapImportsApi().RequireAuthorization(Policies.Edit);
        app.MapWebhooks();
        app.MapEvidenceApi().RequireAuthorization(Policies.Read);
        app.MapIncidentsApi().RequireAuthorization(Policies.Read);
        app.MapAccountEndpoints();
        app.MapFragments();
        app.MapIngestion();
        // Pages name their own policy; this covers the framework's own endpoints (e.g. /_framework/opaque-redirect).
        app.MapRazorComponents<App>().RequireAuthorization(Policies.Read);
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }, ApiJson.Options);
    }
}
