using System.Globalization;
using System.Text.Json;
using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Webhooks;

/// <summary>
/// The generic survey-response webhook body: <c>{id, surveyType, submittedAt, reason?, text?, score?,
/// question?, surveyId?, orderValue?, currency?, customer?, page?, tags?}</c>. Any survey tool that can
/// sign a POST (Typeform, Survicate, Hotjar via Zapier or Make) can send it.
/// </summary>
public static class SurveyWebhookPayload
{
    private static readonly HashSet<string> Known = ["id", "surveyType", "submittedAt", "reason", "text", "score", "question", "surveyId", "orderValue", "currency", "customer", "page", "tags"];

    public static (SurveyResponse? Response, IReadOnlyList<EvidenceError> Errors) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException error)
        {
            return (null, [new("body", $"The body is not JSON: {error.Message}")]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [new("body", "The body must be a JSON object.")]);
            }

            var root = document.RootElement;
            var errors = new List<EvidenceError>();
            foreach (var property in root.EnumerateObject().Where(p => !Known.Contains(p.Name)))
            {
                errors.Add(new(property.Name, $"Unknown field; expected {string.Join(", ", Known)}."));
            }

            var type = SurveyTypes.Parse(Text(root, "surveyType", errors));
            if (type is null)
            {
                errors.Add(new("surveyType", $"Required; one of {SurveyTypes.Expected}."));
            }

            DateTime submittedAt = default;
            if (Text(root, "submittedAt", errors) is not { } submitted
                || !DateTimeOffset.TryParse(submitted, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                errors.Add(new("submittedAt", "Required; an ISO 8601 date and time such as 2026-11-02T14:30:00Z."));
            }
            else
            {
                submittedAt = parsed.UtcDateTime;
            }

            var currency = Text(root, "currency", errors)?.ToUpperInvariant() ?? Money.DefaultCurrency;
            long? orderValue = null;
            if (Number(root, "orderValue", errors) is { } value)
            {
                orderValue = Money.ToMinor((decimal)value, currency, out var moneyError);
                if (moneyError is not null)
                {
                    errors.Add(new("orderValue", moneyError));
                }
            }

            var response = new SurveyResponse
            {
                ExternalId = Text(root, "id", errors) ?? string.Empty,
                SurveyType = type ?? SurveyType.Custom,
                SubmittedAt = submittedAt,
                Reason = Text(root, "reason", errors),
                Text = Text(root, "text", errors),
                Score = Number(root, "score", errors),
                Question = Text(root, "question", errors),
                SurveyId = Text(root, "surveyId", errors),
                OrderValueMinor = orderValue,
                Currency = orderValue is null ? null : currency,
                CustomerHash = CustomerHash.Of(Text(root, "customer", errors)),
                Page = Text(root, "page", errors),
                Tags = Text(root, "tags", errors),
            };
            errors.AddRange(response.Validate().Select(e => e with { Field = FieldName(e.Field) }));
            return errors.Count == 0 ? (response, errors) : (null, errors.DistinctBy(e => e.Field).ToList());
        }
    }

    private static string? Text(JsonElement root, string name, List<EvidenceError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim();
        }

        // Ids are often numbers in other tools' payloads.
        if (name == "id" && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        errors.Add(new(name, "Must be a JSON string."));
        return null;
    }

    private static double? Number(JsonElement root, string name, List<EvidenceError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        errors.Add(new(name, "Must be a JSON number."));
        return null;
    }

    /// <summary>The domain names fields as CSV columns do; the webhook body uses camelCase.</summary>
    private static string FieldName(string field) => field switch
    {
        "external_id" => "id",
        "submitted_at" => "submittedAt",
        "order_value" => "orderValue",
        "survey_id" => "surveyId",
        _ => field,
    };
}
