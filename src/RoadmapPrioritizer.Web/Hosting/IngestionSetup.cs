using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Ingestion.Ga4;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;
using RoadmapPrioritizer.Infrastructure.Ingestion.HubSpot;
using RoadmapPrioritizer.Infrastructure.Ingestion.Shopify;
using RoadmapPrioritizer.Infrastructure.Ingestion.Zigpoll;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Web.Api;

namespace RoadmapPrioritizer.Web.Hosting;

/// <summary>Evidence sources, their connectors, the scheduler that pulls them, and their API and fragments.</summary>
internal static class IngestionSetup
{
    public const string ConnectorHttpSection = "Connectors:Http";

    public static void AddIngestion(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<SourceService>();
        services.AddScoped<IngestionService>();
        services.AddOptions<ConnectorHttpOptions>().Bind(builder.Configuration.GetSection(ConnectorHttpSection));

        var (provider, connectionString) = DatabaseSetup.ResolveConnection(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddRoadmapScheduling(builder.Configuration, provider, connectionString);

        // IngestionService picks the connector whose Kind matches the source.
        services.AddConnector<ZigpollConnector>();
        services.AddConnector<ShopifyConnector>();
        services.AddConnector<Ga4Connector>();
        services.AddConnector<HubSpotConnector>();

        // The import folder reads files, not a service, so it has no HttpClient.
        services.AddTransient<IConnector, CsvFolderConnector>();
    }

    public static void MapIngestion(this IEndpointRouteBuilder app)
    {
        app.MapSourcesApi();
        app.MapJobFragments();
    }

    /// <summary>
    /// Registers a connector (constructor <c>(HttpClient http, TimeProvider time)</c>) as an
    /// <see cref="IConnector"/> with a typed HttpClient of its own, named after the class, whose requests
    /// go through <see cref="ResilientHttpHandler"/> with the <c>Connectors:Http</c> options. The
    /// handler times out each attempt itself, so the client's own overall timeout is off.
    /// </summary>
    public static IHttpClientBuilder AddConnector<TConnector>(this IServiceCollection services)
        where TConnector : class, IConnector =>
        services.AddHttpClient<IConnector, TConnector>(typeof(TConnector).Name, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(provider => new ResilientHttpHandler(
                provider.GetRequiredService<IOptions<ConnectorHttpOptions>>().Value,
                provider.GetRequiredService<TimeProvider>()));
}
