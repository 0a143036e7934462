using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>Pulls evidence from one kind of service, page by page, starting after a saved cursor.</summary>
public interface IConnector
{
    SourceKind Kind { get; }

    /// <summary>
    /// The pages after <paramref name="cursor"/> (null: from the beginning, or the source's
    /// configured start). Throws <see cref="ConnectorException"/> with a clear message when the
    /// service refuses or answers with something unreadable; pages yielded before that are kept.
    /// </summary>
    IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, CancellationToken cancellationToken);
}
