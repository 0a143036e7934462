using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Http;

/// <summary>
/// Every connector's HTTP goes through this: each attempt has a timeout; timeouts, network errors,
/// 5xx and 408 are retried with exponential backoff and jitter; 429 (and 503) wait as long as the
/// service's Retry-After says. After the last try the final response (or exception) reaches the connector.
/// </summary>
public sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilientHttpHandler(ConnectorHttpOptions options, TimeProvider time)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(response => IsTransient(response.StatusCode) && (RetryAfter(response, time) is not { } wait || wait <= options.MaxRetryAfter)),
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose();
                return default;
            },
        };

        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(retry)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>A client for connectors, with this handler over a plain socket handler.</summary>
    public static HttpClient CreateClient(ConnectorHttpOptions options, TimeProvider time) =>
        new(new ResilientHttpHandler(options, time) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is buffered once so every attempt sends the same bytes.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    var response = await base.SendAsync(request, token);
                    if (!response.IsSuccessStatusCode)
                    {
                        await response.Content.LoadIntoBufferAsync(token);
                    }

                    return response;
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new ConnectorException($"{request.Method} {Describe(request.RequestUri)} timed out after every retry.", timeout);
        }
        catch (HttpRequestException network)
        {
            throw new ConnectorException($"{request.Method} {Describe(request.RequestUri)} failed: {network.Message}", network);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The wait the service asked for (seconds or a date), or null to back off on our own.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The address without its query, which can carry keys.</summary>
    public static string Describe(Uri? uri) => uri is null ? "(no address)" : uri.GetLeftPart(UriPartial.Path);
}
