using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Web.Hosting;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>A connector registered with AddConnector gets its HttpClient through the resilient handler, tuned by Connectors:Http.</summary>
public sealed class ConnectorRegistrationTests
{
    [Theory]
    [InlineData(2, 3, HttpStatusCode.OK)]
    [InlineData(1, 2, HttpStatusCode.ServiceUnavailable)]
    public async Task A_connectors_client_retries_as_Connectors_Http_says(int maxRetries, int expectedCalls, HttpStatusCode expected)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Roadmap"] = "Data Source=unused.db",
            ["Scheduling:Enabled"] = "false",
            ["Connectors:Http:MaxRetries"] = $"{maxRetries}",
            ["Connectors:Http:BaseDelay"] = "00:00:00.010",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddIngestion();
        var service = new FlakyService(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        builder.Services.AddConnector<TestConnector>().ConfigurePrimaryHttpMessageHandler(() => service);
        await using var services = builder.Services.BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var connector = scope.ServiceProvider.GetServices<IConnector>().OfType<TestConnector>().Single();
        using var response = await connector.Http.GetAsync(new Uri("http://zigpoll.test/responses"));

        response.StatusCode.Should().Be(expected);
        service.Calls.Should().Be(expectedCalls);
        connector.Http.Timeout.Should().Be(Timeout.InfiniteTimeSpan, "each attempt has its own timeout in the handler");
    }

    private sealed class FlakyService(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(answers[Math.Min(Calls++, answers.Length - 1)]));
    }
}
