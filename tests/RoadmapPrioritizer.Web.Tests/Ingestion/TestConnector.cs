using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Web.Tests.Ingestion;

/// <summary>
/// The Zigpoll connector as far as the app can tell: registered like the real ones (typed HttpClient
/// through the resilient handler), pulling pages whose shape each source sets in its settings:
/// <c>pages</c> (3), <c>pageSize</c> (2), <c>delayMs</c> before each page (0), <c>failAtPage</c>.
/// Every pull is recorded by source name, with the cursor and secret it was given.
/// </summary>
internal sealed class TestConnector(HttpClient http, TimeProvider time) : IConnector
{
    public static ConcurrentDictionary<string, ConcurrentQueue<(string? Cursor, string? Secret)>> Pulls { get; } = new(StringComparer.Ordinal);

    public HttpClient Http => http;

    public SourceKind Kind => SourceKind.Zigpoll;

    public static IReadOnlyList<(string? Cursor, string? Secret)> PullsOf(string source) =>
        Pulls.TryGetValue(source, out var pulls) ? pulls.ToList() : [];

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Pulls.GetOrAdd(source.Name, _ => new()).Enqueue((cursor, source.Secret));
        var pages = Setting(source, "pages", 3);
        var pageSize = Setting(source, "pageSize", 2);
        var delay = TimeSpan.FromMilliseconds(Setting(source, "delayMs", 0));
        var failAt = Setting(source, "failAtPage", 0);
        var first = cursor is null ? 1 : int.Parse(cursor, CultureInfo.InvariantCulture) + 1;
        for (var number = first; number <= pages; number++)
        {
            await Task.Delay(delay, time, cancellationToken);
            if (number == failAt)
            {
                throw new ConnectorException($"Zigpoll GET /responses answered 500 Internal Server Error on page {number}.");
            }

            var page = new EvidencePage { Cursor = number.ToString(CultureInfo.InvariantCulture) };
            for (var i = 1; i <= pageSize; i++)
            {
                page.SurveyResponses.Add(new SurveyResponse
                {
                    ExternalId = $"{number}-{i}",
                    SurveyType = SurveyType.ExitIntent,
                    SubmittedAt = time.GetUtcNow().UtcDateTime,
                    Reason = "Shipping cost too high",
                });
            }

            yield return page;
        }
    }

    private static int Setting(SourceConnection source, string key, int fallback) =>
        source.Setting(key) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
