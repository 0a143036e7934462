using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

/// <summary>
/// A real HTTP server on loopback (Kestrel) that plays a third-party API: each request is recorded
/// and answered by the test's handler, so connectors are tested over real sockets.
/// </summary>
public sealed class FakeApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApi(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request as received: method, path and query, headers, body.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Retries fast in tests, but still through the real handler; Retry-After is honoured as sent.</summary>
    public static ConnectorHttpOptions FastRetries { get; } = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(1),
    };

    public static async Task<FakeApi> StartAsync(Func<HttpContext, RecordedRequest, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeApi? api = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync());
            api!.Requests.Enqueue(request);
            await handle(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api = new FakeApi(app, new Uri(address + "/"));
        return api;
    }

    public static HttpClient CreateClient(ConnectorHttpOptions? options = null) =>
        ResilientHttpHandler.CreateClient(options ?? FastRetries, TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
