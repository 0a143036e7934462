using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

/// <summary>
/// A connector that plays a paged API: pages 1..<see cref="TotalPages"/> of <see cref="PageSize"/>
/// survey responses each, the cursor "page-N" after page N; it can fail at a page, or hold before the
/// first page until the test lets it go.
/// </summary>
internal sealed class ScriptedConnector(SourceKind kind = SourceKind.Zigpoll) : IConnector
{
    private static readonly DateTime Submitted = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    public SourceKind Kind => kind;

    public int TotalPages { get; set; } = 3;

    public int PageSize { get; set; } = 2;

    /// <summary>The page whose request fails (the pages before it are yielded first).</summary>
    public int? FailAtPage { get; set; }

    /// <summary>Awaited before the first page, to keep a run under way while the test acts.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Set once a pull has begun.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Each pull: the cursor it started after, and the secret it was given.</summary>
    public ConcurrentQueue<(string? Cursor, string? Secret)> Pulls { get; } = new();

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Pulls.Enqueue((cursor, source.Secret));
        Started.TrySetResult();
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        var first = cursor is null ? 1 : int.Parse(cursor["page-".Length..], CultureInfo.InvariantCulture) + 1;
        for (var number = first; number <= TotalPages; number++)
        {
            if (number == FailAtPage)
            {
                throw new ConnectorException($"Zigpoll GET /responses answered 500 Internal Server Error on page {number}.");
            }

            var page = new EvidencePage { Cursor = $"page-{number}" };
            for (var i = 1; i <= PageSize; i++)
            {
                page.SurveyResponses.Add(new SurveyResponse
                {
                    ExternalId = $"r{number}-{i}",
                    SurveyType = SurveyType.ExitIntent,
                    SubmittedAt = Submitted,
                    Reason = "Shipping cost too high",
                });
            }

            yield return page;
        }
    }
}
