using System.Globalization;
using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Ga4;

/// <summary>
/// The runReport request for the shop funnel, and how its rows become one <see cref="FunnelDay"/> per date.
/// Request and response shapes: https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport
/// and .../v1beta/RunReportResponse (rows of dimensionValues/metricValues, each {"value": "..."}, in the order of
/// dimensionHeaders/metricHeaders; rowCount counts every row whatever limit and offset say). The date dimension is
/// YYYYMMDD; relative dates such as "yesterday" are resolved in the property's reporting time zone
/// (https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema#dimensions,
/// .../v1beta/DateRange). Event names are GA4's recommended e-commerce events
/// (https://developers.google.com/analytics/devguides/collection/ga4/reference/events).
/// </summary>
internal sealed class Ga4FunnelReport(string currency, string where)
{
    /// <summary>GA4 events counted for each step of the funnel; session_start stands in for sessions.</summary>
    private static readonly string[] EventNames = ["session_start", "view_item", "add_to_cart", "begin_checkout", "purchase"];

    private static readonly string[] StepFields = ["sessions", "product_views", "add_to_cart", "checkout_started", "checkout_completed"];

    /// <summary>Days read but perhaps not complete: rows are ordered by date, so the last date of a page may continue on the next.</summary>
    private readonly SortedDictionary<DateOnly, DayTotals> _open = [];

    /// <summary>
    /// Dates and event names by day, the events' counts and the purchase revenue, converted by GA4 to
    /// <paramref name="currency"/>. Ordered by date then event so a day's rows are never split
    /// unpredictably between pages. Offsets and limits are int64, which Google's JSON writes as strings.
    /// </summary>
    public static Dictionary<string, object> Request(DateOnly start, string currency, long offset, int limit) => new()
    {
        ["dateRanges"] = new[] { new Dictionary<string, string> { ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["endDate"] = "yesterday" } },
        ["dimensions"] = new[] { Name("date"), Name("eventName") },
        ["metrics"] = new[] { Name("eventCount"), Name("purchaseRevenue") },
        ["dimensionFilter"] = new Dictionary<string, object>
        {
            ["filter"] = new Dictionary<string, object>
            {
                ["fieldName"] = "eventName",
                ["inListFilter"] = new Dictionary<string, object> { ["values"] = EventNames, ["caseSensitive"] = true },
            },
        },
        ["orderBys"] = new[]
        {
            new Dictionary<string, object> { ["dimension"] = Name("date", "dimensionName") },
            new Dictionary<string, object> { ["dimension"] = Name("eventName", "dimensionName") },
        },
        ["currencyCode"] = currency,
        ["offset"] = offset.ToString(CultureInfo.InvariantCulture),
        ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Adds one answer's rows. Returns how many rows it held, the report's total row count, and the rows
    /// that could not be placed on a date. An answer whose shape is wrong throws.
    /// </summary>
    public (int Rows, long RowCount, List<RejectedRecord> Rejected) Read(JsonElement root, long offset)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Shape("a report object");
        }

        var rejected = new List<RejectedRecord>();
        if (!root.TryGetProperty("rows", out var rows) || rows.ValueKind == JsonValueKind.Null)
        {
            return (0, 0, rejected);
        }

        if (rows.ValueKind != JsonValueKind.Array)
        {
            throw Shape("rows as a list");
        }

        if (rows.GetArrayLength() == 0)
        {
            return (0, 0, rejected);
        }

        if (!root.TryGetProperty("rowCount", out var count) || !count.TryGetInt64(out var rowCount))
        {
            throw Shape("rowCount");
        }

        var date = Column(root, "dimensionHeaders", "date");
        var eventName = Column(root, "dimensionHeaders", "eventName");
        var eventCount = Column(root, "metricHeaders", "eventCount");
        var revenue = Column(root, "metricHeaders", "purchaseRevenue");

        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var number = offset + ++index;
            var dimensions = Values(row, "dimensionValues", number);
            var metrics = Values(row, "metricValues", number);
            var dateText = Value(dimensions, date, "dimensionValues", number);
            if (!DateOnly.TryParseExact(dateText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                rejected.Add(new RejectedRecord($"row {number}", "date", $"'{Money.Shorten(dateText)}' is not a date written as YYYYMMDD."));
                continue;
            }

            var step = Array.IndexOf(EventNames, Value(dimensions, eventName, "dimensionValues", number));
            if (step < 0)
            {
                continue;
            }

            if (!_open.TryGetValue(day, out var totals))
            {
                _open[day] = totals = new DayTotals(day);
            }

            totals.Add(step, Value(metrics, eventCount, "metricValues", number), Value(metrics, revenue, "metricValues", number));
        }

        return (index, rowCount, rejected);
    }

    /// <summary>The days no later page can add to: all of them after the last page, else all but the latest date read.</summary>
    public IEnumerable<(DateOnly Date, FunnelDay? Day, IReadOnlyList<EvidenceError> Errors)> TakeCompleted(bool lastPage)
    {
        var ready = lastPage ? _open.Keys.ToList() : _open.Keys.SkipLast(1).ToList();
        foreach (var date in ready)
        {
            var totals = _open[date];
            _open.Remove(date);
            yield return totals.ToFunnelDay(currency);
        }
    }


    private static Dictionary<string, string> Name(string name, string key = "name") => new() { [key] = name };

    private int Column(JsonElement root, string headers, string name)
    {
        if (root.TryGetProperty(headers, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var header in list.EnumerateArray())
            {
                if (header.ValueKind == JsonValueKind.Object && header.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == name)
                {
                    return index;
                }

                index++;
            }
        }

        throw Shape($"{headers} naming '{name}'");
    }

    private List<JsonElement> Values(JsonElement row, string property, long number) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().ToList()
            : throw Shape($"{property} in row {number}");

    private string Value(List<JsonElement> values, int column, string property, long number) =>
        column < values.Count && values[column].ValueKind == JsonValueKind.Object && values[column].TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Shape($"{property}[{column}].value in row {number}");

    private ConnectorException Shape(string missing) => new($"{where} answered without {missing}.");

    private sealed class DayTotals(DateOnly date)
    {
        private readonly long[] _counts = new long[EventNames.Length];
        private readonly List<EvidenceError> _errors = [];
        private decimal _revenue;

        public void Add(int step, string count, string revenue)
        {
            if (long.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var events))
            {
                _counts[step] += events;
            }
            else
            {
                _errors.Add(new(StepFields[step], $"'{Money.Shorten(count)}' is not a whole number of {EventNames[step]} events."));
            }

            if (decimal.TryParse(revenue, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                _revenue += amount;
            }
            else
            {
                _errors.Add(new("revenue", $"'{Money.Shorten(revenue)}' is not an amount."));
            }
        }

        public (DateOnly Date, FunnelDay? Day, IReadOnlyList<EvidenceError> Errors) ToFunnelDay(string currency)
        {
            // GA4 sums revenue in floating point ("199.89999999999998"), so it is rounded to the currency's
            // minor unit here rather than refused for its extra decimals.
            var revenue = Money.ToMinor(Math.Round(_revenue, Money.MinorDigits(currency), MidpointRounding.AwayFromZero), currency, out var revenueError);
            if (revenueError is not null)
            {
                _errors.Add(new("revenue", revenueError));
            }

            if (_errors.Count > 0)
            {
                return (date, null, _errors);
            }

            var day = new FunnelDay
            {
                Date = date,
                Segment = string.Empty,
                Sessions = _counts[0],
                ProductViews = _counts[1],
                AddToCart = _counts[2],
                CheckoutStarted = _counts[3],
                CheckoutCompleted = _counts[4],
                RevenueMinor = revenue ?? 0,
                Currency = currency,
            };
            var invalid = day.Validate();
            return (date, invalid.Count == 0 ? day : null, invalid);
        }
    }
}
