using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// Reads a CSV file of evidence line by line: maps its header to fields, turns each line into a
/// record, and keeps every rejected line with its number, field and reason. Survey responses stream
/// (a million lines need no more memory than one); orders and funnel days are grouped first.
/// </summary>
public sealed class CsvEvidenceReader : IDisposable
{
    public const int MaxErrors = 10_000;

    /// <summary>A field longer than this is not a survey answer but a broken file (an unclosed quote swallowing the rest).</summary>
    public const int MaxFieldLength = 1_000_000;

    private static readonly string[] IsoTimes =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd",
    ];

    private readonly StreamReader _text;
    private readonly CsvRecordReader _records;
    private readonly List<string> _fields = [];
    private readonly ImportOptions _options;
    private readonly Dictionary<string, int> _columns;

    private CsvEvidenceReader(Stream stream, ImportOptions options)
    {
        _options = options;
        _text = new StreamReader(stream, CsvRecordReader.Utf8, detectEncodingFromByteOrderMarks: true);
        _records = new CsvRecordReader(_text, MaxFieldLength);
        Headers = ReadHeader();
        _columns = MapColumns(Headers);
    }

    public IReadOnlyList<string> Headers { get; }

    /// <summary>Field → the header it was read from.</summary>
    public IReadOnlyDictionary<string, string> Mapping => _columns.ToDictionary(c => c.Key, c => Headers[c.Value]);

    public List<ImportLineError> Errors { get; } = [];

    public bool ErrorsTruncated { get; private set; }

    /// <summary>Lines rejected so far.</summary>
    public int Rejected { get; private set; }

    /// <summary>Opens the file and maps its header; throws <see cref="CsvFileException"/> when there is no usable header.</summary>
    public static CsvEvidenceReader Open(Stream stream, ImportOptions options) => new(stream, options);

    /// <summary>
    /// Field → the header it would be read from, even when a required field has no column: what the
    /// upload preview offers to correct. Throws <see cref="CsvFileException"/> only for a mapping that
    /// names a column the file lacks or a field the kind does not have.
    /// </summary>
    public static IReadOnlyDictionary<string, string> MatchHeaders(ImportKind kind, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string>? mapping) =>
        Match(kind, headers, mapping).ToDictionary(c => c.Key, c => headers[c.Value], StringComparer.Ordinal);

    public IEnumerable<SurveyResponse> SurveyResponses()
    {
        foreach (var (line, fields) in Lines())
        {
            var errors = new List<EvidenceError>();
            var submittedAt = Time(fields, "submitted_at", errors);
            var type = Get(fields, "survey_type") is { } typeText
                ? SurveyTypes.Parse(typeText) ?? Error<SurveyType>(errors, "survey_type", $"'{Money.Shorten(typeText)}' is not a survey type; use one of {SurveyTypes.Expected}.")
                : _options.SurveyType ?? Error<SurveyType>(errors, "survey_type", $"No survey type: add a survey_type column or choose one type for the whole file.");
            var currency = Get(fields, "currency") ?? _options.Currency;
            var response = new SurveyResponse
            {
                ExternalId = Get(fields, "external_id") ?? string.Empty,
                SurveyId = Get(fields, "survey_id"),
                SurveyType = type,
                SubmittedAt = submittedAt,
                Question = Get(fields, "question"),
                Reason = Get(fields, "reason"),
                Text = Get(fields, "text"),
                Score = Number(fields, "score", errors),
                OrderValueMinor = Get(fields, "order_value") is { } value ? Amount(value, currency ?? Money.DefaultCurrency, "order_value", errors) : null,
                Currency = Get(fields, "order_value") is null ? null : (currency ?? Money.DefaultCurrency).ToUpperInvariant(),
                CustomerHash = CustomerHash.Of(Get(fields, "customer")),
                Page = Get(fields, "page"),
                Tags = Get(fields, "tags"),
            };

            if (errors.Count == 0 && response.ExternalId.Length == 0)
            {
                response = WithContentId(response);
            }

            if (Accept(line, errors, response.Validate()))
            {
                yield return response;
            }
        }
    }

    /// <summary>Funnel days; a day and segment given twice keeps its first line and rejects the later one.</summary>
    public List<FunnelDay> FunnelDays()
    {
        var days = new Dictionary<(DateOnly, string), int>();
        var result = new List<FunnelDay>();
        foreach (var (line, fields) in Lines())
        {
            var errors = new List<EvidenceError>();
            var currency = (Get(fields, "currency") ?? _options.Currency ?? Money.DefaultCurrency).ToUpperInvariant();
            var day = new FunnelDay
            {
                Date = Date(fields, "date", errors),
                Segment = Get(fields, "segment") ?? string.Empty,
                Sessions = Count(fields, "sessions", errors),
                ProductViews = Count(fields, "product_views", errors),
                AddToCart = Count(fields, "add_to_cart", errors),
                CheckoutStarted = Count(fields, "checkout_started", errors),
                CheckoutCompleted = Count(fields, "checkout_completed", errors),
                RevenueMinor = Get(fields, "revenue") is { } revenue ? Amount(revenue, currency, "revenue", errors) ?? 0 : 0,
                Currency = currency,
            };

            if (errors.Count == 0 && days.TryGetValue((day.Date, day.Segment), out var first))
            {
                errors.Add(new("date", $"{day.Date:yyyy-MM-dd}{(day.Segment.Length > 0 ? $" ({day.Segment})" : "")} is already on line {first}; each day and segment once per file."));
            }

            if (Accept(line, errors, day.Validate()))
            {
                days[(day.Date, day.Segment)] = line;
                result.Add(day);
            }
        }

        return result;
    }

    /// <summary>
    /// Orders: one line per order with a total, or one line per item (quantity × unit price, as
    /// shop exports and the UCI retail set have) summed per order id, rounded to the currency's minor unit.
    /// </summary>
    public List<Order> Orders()
    {
        var lineItems = !_columns.ContainsKey("total") && _columns.ContainsKey("unit_price");
        var orders = new Dictionary<string, (Order Order, decimal Total)>(StringComparer.Ordinal);
        foreach (var (line, fields) in Lines())
        {
            var errors = new List<EvidenceError>();
            var currency = (Get(fields, "currency") ?? _options.Currency ?? Money.DefaultCurrency).ToUpperInvariant();
            var id = Get(fields, "order_id") ?? string.Empty;
            var quantity = _columns.ContainsKey("items") ? Count(fields, "items", errors, allowNegative: lineItems) : 1;
            decimal total = 0;
            if (lineItems)
            {
                var price = Decimal(fields, "unit_price", errors);
                if (quantity < 0 || id.StartsWith('C'))
                {
                    errors.Add(new("items", "A cancellation (negative quantity or an id starting with C) is not an order."));
                }

                total = price * quantity;
            }
            else if (Get(fields, "total") is { } totalText)
            {
                total = Decimal(fields, "total", errors);
                _ = Money.ParseMinor(totalText, currency, out var precision);
                if (precision is not null && errors.Count == 0)
                {
                    errors.Add(new("total", precision));
                }
            }
            else
            {
                errors.Add(new("total", "No total: fill the total column (or give quantity and unit_price per item)."));
            }

            var order = new Order
            {
                ExternalId = id,
                CustomerHash = CustomerHash.Of(Get(fields, "customer")),
                CreatedAt = Time(fields, "created_at", errors),
                TotalMinor = ToMinor(total, currency),
                Currency = currency,
                ItemCount = (int)Math.Clamp(quantity, int.MinValue, int.MaxValue),
            };

            if (!Accept(line, errors, order.Validate()))
            {
                continue;
            }

            if (lineItems && orders.TryGetValue(id, out var existing))
            {
                orders[id] = (Copy(existing.Order, existing.Order.ItemCount + order.ItemCount), existing.Total + total);
            }
            else if (!orders.ContainsKey(id))
            {
                orders[id] = (order, total);
            }
        }

        return orders.Values.Select(o => Priced(o.Order, o.Total)).ToList();
    }

    public void Dispose() => _text.Dispose();

    private static Order Copy(Order order, int items) => new()
    {
        ExternalId = order.ExternalId,
        CustomerHash = order.CustomerHash,
        CreatedAt = order.CreatedAt,
        TotalMinor = order.TotalMinor,
        Currency = order.Currency,
        ItemCount = items,
    };

    private static Order Priced(Order order, decimal total) => new()
    {
        ExternalId = order.ExternalId,
        CustomerHash = order.CustomerHash,
        CreatedAt = order.CreatedAt,
        TotalMinor = ToMinor(total, order.Currency),
        Currency = order.Currency,
        ItemCount = order.ItemCount,
    };

    /// <summary>Line totals (quantity × unit price) can have fractions of a penny; the order's total is rounded half away from zero.</summary>
    private static long ToMinor(decimal total, string currency) =>
        (long)Math.Round(total * (Money.MinorDigits(currency) == 0 ? 1 : 100), MidpointRounding.AwayFromZero);

    /// <summary>
    /// A response without an id gets one from its content, so uploading the same export again is still
    /// recognised (two identical answers at the same second count once).
    /// </summary>
    private static SurveyResponse WithContentId(SurveyResponse r)
    {
        var content = string.Join('\u001f', r.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), r.SurveyType, r.SurveyId, r.Question, r.Reason, r.Text, r.Score?.ToString("R", CultureInfo.InvariantCulture), r.CustomerHash, r.Page);
        var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)).AsSpan(0, 16));
        return new SurveyResponse
        {
            ExternalId = id,
            SurveyId = r.SurveyId,
            SurveyType = r.SurveyType,
            SubmittedAt = r.SubmittedAt,
            Question = r.Question,
            Reason = r.Reason,
            Text = r.Text,
            Score = r.Score,
            OrderValueMinor = r.OrderValueMinor,
            Currency = r.Currency,
            CustomerHash = r.CustomerHash,
            Page = r.Page,
            Tags = r.Tags,
        };
    }

    private bool Accept(int line, List<EvidenceError> parseErrors, IReadOnlyList<EvidenceError> ruleErrors)
    {
        // Rule errors about a field that did not parse repeat the parse error; report the parse error alone.
        var errors = parseErrors.Count > 0 ? parseErrors : ruleErrors;
        if (errors.Count == 0)
        {
            return true;
        }

        Rejected++;
        foreach (var error in errors)
        {
            AddError(new ImportLineError(line, error.Field, error.Message));
        }

        return false;
    }

    private void AddError(ImportLineError error)
    {
        if (Errors.Count < MaxErrors)
        {
            Errors.Add(error);
        }
        else
        {
            ErrorsTruncated = true;
        }
    }

    private IEnumerable<(int Line, string[] Fields)> Lines()
    {
        while (_records.TryRead(_fields))
        {
            var line = _records.RecordLine;
            if (_records.Problem is { } problem)
            {
                Rejected++;
                AddError(new ImportLineError(line, string.Empty, $"Line {problem}."));
                continue;
            }

            if (_fields.Count != Headers.Count)
            {
                Rejected++;
                AddError(new ImportLineError(line, string.Empty, $"Line has {_fields.Count} fields; the header has {Headers.Count}."));
                continue;
            }

            yield return (line, _fields.ToArray());
        }
    }

    private string[] ReadHeader()
    {
        if (!_records.TryRead(_fields) || _fields.All(string.IsNullOrWhiteSpace))
        {
            throw new CsvFileException("The file is empty: the first line must name the columns.");
        }

        if (_records.Problem is { } problem)
        {
            throw new CsvFileException($"The header line {problem}.");
        }

        return _fields.Select(h => h.Trim()).ToArray();
    }

    private Dictionary<string, int> MapColumns(IReadOnlyList<string> headers)
    {
        var fields = CsvFields.For(_options.Kind);
        var columns = Match(_options.Kind, headers, _options.Mapping);
        var missing = fields.Where(f => f.Required && !columns.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (_options.Kind == ImportKind.FunnelDaily && !CsvFields.FunnelCounts.Any(columns.ContainsKey))
        {
            missing.Add("at least one of " + string.Join(", ", CsvFields.FunnelCounts));
        }

        if (_options.Kind == ImportKind.Orders && !columns.ContainsKey("total") && !columns.ContainsKey("unit_price"))
        {
            missing.Add("total (or unit_price and quantity per item)");
        }

        if (missing.Count > 0)
        {
            throw new CsvFileException(
                $"No usable header: the first line must name the columns. Missing {string.Join("; ", missing)}. "
                + $"Found: {string.Join(", ", headers.Take(30).Select(h => h.Length == 0 ? "(blank)" : Money.Shorten(h)))}.");
        }

        return columns;
    }

    /// <summary>The mapping's choices first (an empty header leaves that field out), then each other field's first name that matches a column not yet taken.</summary>
    private static Dictionary<string, int> Match(ImportKind kind, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string>? mapping)
    {
        var fields = CsvFields.For(kind);
        var normalized = headers.Select(CsvFields.Normalize).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var left = new HashSet<string>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        foreach (var (field, header) in mapping ?? new Dictionary<string, string>())
        {
            var index = headers.ToList().FindIndex(h => string.Equals(h, header, StringComparison.OrdinalIgnoreCase));
            if (fields.All(f => f.Name != field))
            {
                throw new CsvFileException($"'{field}' is not a field of this kind of file.");
            }

            if (index < 0 && header.Length > 0)
            {
                throw new CsvFileException($"The mapping names a column '{header}' that the file does not have.");
            }

            if (header.Length == 0)
            {
                left.Add(field);
                continue;
            }

            columns[field] = index;
            taken.Add(index);
        }

        foreach (var field in fields.Where(f => !columns.ContainsKey(f.Name) && !left.Contains(f.Name)))
        {
            var index = field.Names.Select(n => normalized.IndexOf(n)).FirstOrDefault(i => i >= 0 && !taken.Contains(i), -1);
            if (index >= 0)
            {
                columns[field.Name] = index;
                taken.Add(index);
            }
        }

        return columns;
    }

    private string? Get(string[] fields, string field) =>
        _columns.TryGetValue(field, out var index) && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index].Trim() : null;

    private static T Error<T>(List<EvidenceError> errors, string field, string message)
    {
        errors.Add(new(field, message));
        return default!;
    }

    private DateTime Time(string[] fields, string field, List<EvidenceError> errors)
    {
        if (Get(fields, field) is not { } text)
        {
            return Error<DateTime>(errors, field, "A date and time is required (ISO 8601, e.g. 2026-11-02T14:30:00Z).");
        }

        var trimmed = text.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) ? text[..^4] + "Z" : text;
        var formats = _options.DateFormat is { } custom ? [custom] : IsoTimes;
        return DateTimeOffset.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : Error<DateTime>(errors, field, $"'{Money.Shorten(text)}' is not a date and time in {(_options.DateFormat is null ? "ISO 8601 (e.g. 2026-11-02T14:30:00Z)" : $"the format {_options.DateFormat}")}.");
    }

    private DateOnly Date(string[] fields, string field, List<EvidenceError> errors)
    {
        if (Get(fields, field) is not { } text)
        {
            return Error<DateOnly>(errors, field, "A date is required (e.g. 2026-11-02).");
        }

        string[] formats = _options.DateFormat is { } custom ? [custom] : ["yyyy-MM-dd", "yyyyMMdd"];
        return DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : Error<DateOnly>(errors, field, $"'{Money.Shorten(text)}' is not a date like 2026-11-02.");
    }

    private long Count(string[] fields, string field, List<EvidenceError> errors, bool allowNegative = false)
    {
        if (Get(fields, field) is not { } text)
        {
            return 0;
        }

        // Exports often write counts as 12.0; a fraction of a session is an error, a trailing .0 is not.
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value == decimal.Truncate(value) && (allowNegative || value >= 0) && Math.Abs(value) <= long.MaxValue)
        {
            return (long)value;
        }

        return Error<long>(errors, field, $"'{Money.Shorten(text)}' is not a whole number{(allowNegative ? "" : " of zero or more")}.");
    }

    private double? Number(string[] fields, string field, List<EvidenceError> errors) =>
        Get(fields, field) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : Error<double?>(errors, field, $"'{Money.Shorten(text)}' is not a number.");

    private decimal Decimal(string[] fields, string field, List<EvidenceError> errors) =>
        Get(fields, field) is not { } text ? Error<decimal>(errors, field, "An amount is required.")
        : decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value
        : Error<decimal>(errors, field, $"'{Money.Shorten(text)}' is not an amount (write it like 12.50).");

    private static long? Amount(string text, string currency, string field, List<EvidenceError> errors)
    {
        if (Money.ValidateCurrency(currency) is { } currencyError)
        {
            return Error<long?>(errors, "currency", currencyError);
        }

        var minor = Money.ParseMinor(text, currency, out var error);
        return error is null ? minor : Error<long?>(errors, field, error);
    }
}
