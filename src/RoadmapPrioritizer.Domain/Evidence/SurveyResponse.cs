namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>One answer to a survey (exit-intent, post-purchase, NPS, feature request...), from one source.</summary>
public sealed class SurveyResponse
{
    public const int SurveyIdMaxLength = 200;
    public const int QuestionMaxLength = 1000;
    public const int ReasonMaxLength = 500;
    public const int TextMaxLength = 10_000;
    public const int PageMaxLength = 500;
    public const int TagsMaxLength = 1000;

    public long Id { get; private set; }

    public int SourceId { get; init; }

    public required string ExternalId { get; init; }

    public string? SurveyId { get; init; }

    public required SurveyType SurveyType { get; init; }

    public required DateTime SubmittedAt { get; init; }

    public string? Question { get; init; }

    /// <summary>The option the respondent chose ("Shipping cost too high").</summary>
    public string? Reason { get; init; }

    /// <summary>Their own words.</summary>
    public string? Text { get; init; }

    /// <summary>A rating such as NPS 0-10, CSAT or CES.</summary>
    public double? Score { get; init; }

    public long? OrderValueMinor { get; init; }

    public string? Currency { get; init; }

    public string? CustomerHash { get; init; }

    /// <summary>The page or funnel area the survey was shown on.</summary>
    public string? Page { get; init; }

    /// <summary>Comma-separated labels.</summary>
    public string? Tags { get; init; }

    public IReadOnlyList<EvidenceError> Validate()
    {
        var errors = new List<EvidenceError>();
        EvidenceRules.ExternalId(errors, "external_id", ExternalId);
        EvidenceRules.Utc(errors, "submitted_at", SubmittedAt);
        EvidenceRules.MaxLength(errors, "survey_id", SurveyId, SurveyIdMaxLength);
        EvidenceRules.MaxLength(errors, "question", Question, QuestionMaxLength);
        EvidenceRules.MaxLength(errors, "reason", Reason, ReasonMaxLength);
        EvidenceRules.MaxLength(errors, "text", Text, TextMaxLength);
        EvidenceRules.MaxLength(errors, "page", Page, PageMaxLength);
        EvidenceRules.MaxLength(errors, "tags", Tags, TagsMaxLength);
        EvidenceRules.Currency(errors, "currency", Currency);
        if (OrderValueMinor is { } value)
        {
            EvidenceRules.NotNegative(errors, "order_value", value);
        }

        if (Score is { } score && ValidateScore(SurveyType, score) is { } scoreError)
        {
            errors.Add(new("score", scoreError));
        }

        return errors;
    }

    /// <summary>NPS is the 0-10 "how likely are you to recommend us" answer (Reichheld, 2003); other scores are 0-100.</summary>
    public static string? ValidateScore(SurveyType type, double score) => score switch
    {
        _ when !double.IsFinite(score) => "Score must be a number.",
        _ when type == SurveyType.NPS && (score < 0 || score > 10 || score != Math.Floor(score)) => "An NPS score is a whole number from 0 to 10.",
        < 0 or > 100 => "Score must be between 0 and 100.",
        _ => null,
    };
}
