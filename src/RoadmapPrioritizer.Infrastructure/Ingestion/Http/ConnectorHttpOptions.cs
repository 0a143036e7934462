namespace RoadmapPrioritizer.Infrastructure.Ingestion.Http;

/// <summary>How hard a connector tries before a run fails (section <c>Connectors:Http</c>).</summary>
public sealed class ConnectorHttpOptions
{
    public int MaxRetries { get; set; } = 4;

    /// <summary>First wait after a 5xx or timeout; doubles on each further try.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A Retry-After longer than this fails the run rather than holding a worker for it.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);
}
