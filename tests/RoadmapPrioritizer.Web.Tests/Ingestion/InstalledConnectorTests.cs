using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

public sealed class InstalledConnectorTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void The_app_has_a_connector_for_every_kind_of_source_that_is_pulled()
    {
        using var scope = app.Services.CreateScope();

        var kinds = scope.ServiceProvider.GetServices<IConnector>().Select(c => c.Kind);

        kinds.Should().BeEquivalentTo([SourceKind.Zigpoll, SourceKind.Shopify, SourceKind.Ga4, SourceKind.HubSpot, SourceKind.Csv], "a Csv source with an import folder is pulled too");
    }
}
