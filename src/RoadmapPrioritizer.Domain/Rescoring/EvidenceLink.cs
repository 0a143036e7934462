using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>What a product manager links an initiative to; empty lists and a null step link nothing.</summary>
public sealed record EvidenceLinkDefinition(
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<SurveyType> SurveyTypes,
    FunnelStep? FunnelStep);

/// <summary>
/// The evidence an initiative answers to: survey reasons (the option a respondent chose, matched as
/// the same words in any case), keywords or phrases found in a response's reason, text or tags, the
/// survey types those responses must have (none: every type), and the funnel step it wants more
/// people to reach. The nightly rescore derives reach, impact and confidence from it.
/// </summary>
public sealed class EvidenceLink
{
    public const int MaxReasons = 20;
    public const int MaxKeywords = 20;
    public const int KeywordMaxLength = 100;

    /// <summary>Phrases are matched by whole words; four words is enough for "free shipping over 50".</summary>
    public const int KeywordMaxWords = 4;

    private EvidenceLink()
    {
    }

    public int InitiativeId { get; private set; }

    public IReadOnlyList<string> Reasons { get; private set; } = [];

    public IReadOnlyList<string> Keywords { get; private set; } = [];

    public IReadOnlyList<SurveyType> SurveyTypes { get; private set; } = [];

    public FunnelStep? FunnelStep { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Whether survey responses can match: at least one reason or keyword.</summary>
    public bool LinksResponses => Reasons.Count > 0 || Keywords.Count > 0;

    public bool IsEmpty => !LinksResponses && FunnelStep is null;

    /// <summary>Whether a response of this type counts for the initiative (no types listed: every type).</summary>
    public bool Accepts(SurveyType type) => SurveyTypes.Count == 0 || SurveyTypes.Contains(type);

    public static EvidenceLink Create(int initiativeId, EvidenceLinkDefinition definition, DateTime now)
    {
        var link = new EvidenceLink { InitiativeId = initiativeId };
        link.Redefine(definition, now);
        return link;
    }

    public void Redefine(EvidenceLinkDefinition definition, DateTime now)
    {
        var errors = Validate(definition);
        if (errors.Count > 0)
        {
            throw new DomainException(errors[0].Field, errors[0].Message);
        }

        Reasons = Distinct(definition.Reasons);
        Keywords = Distinct(definition.Keywords);
        SurveyTypes = definition.SurveyTypes.Distinct().Order().ToList();
        FunnelStep = definition.FunnelStep;
        UpdatedAt = now;
    }

    /// <summary>Every problem with a definition, by field ("reasons[2]", "keywords[0]").</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(EvidenceLinkDefinition definition)
    {
        var errors = new List<(string, string)>();
        if (definition.Reasons.Count > MaxReasons)
        {
            errors.Add(("reasons", $"Link at most {MaxReasons} reasons."));
        }

        for (var i = 0; i < definition.Reasons.Count; i++)
        {
            var reason = definition.Reasons[i];
            if (EvidenceText.Normalize(reason).Length == 0)
            {
                errors.Add(($"reasons[{i}]", "A reason needs at least one letter or digit."));
            }
            else if (reason.Trim().Length > SurveyResponse.ReasonMaxLength)
            {
                errors.Add(($"reasons[{i}]", $"A reason is at most {SurveyResponse.ReasonMaxLength} characters."));
            }
        }

        if (definition.Keywords.Count > MaxKeywords)
        {
            errors.Add(("keywords", $"Link at most {MaxKeywords} keywords."));
        }

        for (var i = 0; i < definition.Keywords.Count; i++)
        {
            var keyword = definition.Keywords[i];
            var words = EvidenceText.Normalize(keyword).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (words == 0)
            {
                errors.Add(($"keywords[{i}]", "A keyword needs at least one letter or digit."));
            }
            else if (keyword.Trim().Length > KeywordMaxLength || words > KeywordMaxWords)
            {
                errors.Add(($"keywords[{i}]", $"A keyword is at most {KeywordMaxWords} words and {KeywordMaxLength} characters."));
            }
        }

        return errors;
    }

    /// <summary>Trimmed, and each said once (the same words in another case or punctuation are the same).</summary>
    private static List<string> Distinct(IEnumerable<string> values) =>
        values.Select(v => v.Trim()).DistinctBy(EvidenceText.Normalize, StringComparer.Ordinal).ToList();
}
