using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Ga4;

/// <summary>
/// Pulls the shop's daily funnel from the Google Analytics Data API: POST
/// <c>https://analyticsdata.googleapis.com/v1beta/properties/{propertyId}:runReport</c> with a service
/// account's bearer token, one request per page of <c>limit</c> rows from <c>offset</c>
/// (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport,
/// https://developers.google.com/analytics/devguides/reporting/data/v1/basics#pagination).
/// Each date becomes one whole-shop <see cref="FunnelDay"/>: sessions from session_start, product views from
/// view_item, add_to_cart, checkouts started from begin_checkout, completed from purchase, and revenue from
/// purchaseRevenue in the <c>currency</c> setting (GA4 converts; default USD).
/// <para>
/// Settings: <c>propertyId</c> (required, the numeric GA4 property id), <c>startDate</c> (yyyy-MM-dd, where the
/// first run starts; default <see cref="DefaultHistoryDays"/> days before today), <c>currency</c>.
/// The secret is the service account's JSON key; the account needs Viewer access to the property.
/// </para>
/// <para>
/// Cursor: the latest date (yyyy-MM-dd) stored complete. Each run asks again from
/// <see cref="RevisionDays"/> days before it up to "yesterday" in the property's time zone, because GA4
/// keeps processing and revising the last days' figures for up to 48 hours
/// (https://support.google.com/analytics/answer/11198161). Re-reading is safe: importing a day again replaces
/// its counts. Today is never read, as it is not over.
/// </para>
/// </summary>
public sealed class Ga4Connector(HttpClient http, TimeProvider time) : IConnector
{
    public const string DocumentedRoot = "https://analyticsdata.googleapis.com";

    public const int RevisionDays = 3;

    public const int DefaultHistoryDays = 90;

    private const string Service = "GA4";

    public SourceKind Kind => SourceKind.Ga4;

    /// <summary>Rows per request: GA4's default page; it allows up to 250,000.</summary>
    internal int PageSize { get; init; } = 10_000;

    public async IAsyncEnumerable<EvidencePage> PullAsync(SourceConnection source, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var propertyId = PropertyId(source);
        var currency = Currency(source);
        var stored = StoredDate(cursor, source.Name);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var start = stored is { } last ? last.AddDays(-RevisionDays) : StartDate(source) ?? today.AddDays(-DefaultHistoryDays);

        // GA4 refuses a start after the end. "yesterday" in the property's time zone (UTC-12 to UTC+14) is
        // never before two UTC dates back, so a start no later than that is always accepted.
        var latestStart = today.AddDays(-2);
        if (start > latestStart)
        {
            start = latestStart;
        }

        var account = Ga4ServiceAccount.FromSecret(source);
        var endpoint = new Uri(source.BaseUrl(DocumentedRoot), $"v1beta/properties/{propertyId}:runReport");
        var report = new Ga4FunnelReport(currency, $"{Service} {ResilientHttpHandler.Describe(endpoint)}");
        var newest = stored;
        long offset = 0;
        while (true)
        {
            var token = await account.AccessTokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = JsonContent.Create(Ga4FunnelReport.Request(start, currency, offset, PageSize)),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            using var json = await HttpResponses.ReadJsonAsync(response, Service, cancellationToken);

            var (rows, rowCount, rejected) = report.Read(json.RootElement, offset);
            offset += rows;
            var lastPage = rows == 0 || offset >= rowCount;

            var days = new List<FunnelDay>();
            foreach (var (date, day, errors) in report.TakeCompleted(lastPage))
            {
                if (day is not null)
                {
                    days.Add(day);
                }
                else
                {
                    rejected.AddRange(errors.Select(e => new RejectedRecord($"day {date:yyyy-MM-dd}", e.Field, e.Message)));
                }

                newest = newest is { } before && before > date ? before : date;
            }

            if (days.Count > 0 || rejected.Count > 0)
            {
                var page = new EvidencePage { Cursor = newest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
                page.FunnelDays.AddRange(days);
                page.Rejected.AddRange(rejected);
                yield return page;
            }

            if (lastPage)
            {
                yield break;
            }
        }
    }

    private static string PropertyId(SourceConnection source)
    {
        var text = source.RequiredSetting("propertyId");
        var id = text.StartsWith("properties/", StringComparison.OrdinalIgnoreCase) ? text["properties/".Length..] : text;
        return id.Length > 0 && id.All(char.IsAsciiDigit)
            ? id
            : throw new ConnectorException($"Source '{source.Name}': the setting 'propertyId' should be the GA4 property's numeric id (Admin, Property details), such as 123456789.");
    }

    private static string Currency(SourceConnection source)
    {
        var currency = (source.Setting("currency") ?? Money.DefaultCurrency).ToUpperInvariant();
        return Money.ValidateCurrency(currency) is { } error
            ? throw new ConnectorException($"Source '{source.Name}': the setting 'currency' is not usable. {error}")
            : currency;
    }

    private static DateOnly? StartDate(SourceConnection source) =>
        source.Setting("startDate") is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ConnectorException($"Source '{source.Name}': the setting 'startDate' should be a date such as 2026-01-31.");

    private static DateOnly? StoredDate(string? cursor, string sourceName) =>
        string.IsNullOrWhiteSpace(cursor) ? null
        : DateOnly.TryParseExact(cursor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ConnectorException($"Source '{sourceName}' has a saved position this GA4 connector cannot read; clear it to import from the start date again.");
}
