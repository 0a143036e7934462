namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>The RICE inputs a person can set by hand; the rescore derives the first three from evidence.</summary>
public enum ScoreInput
{
    Reach,
    Impact,
    Confidence,
    Effort,
}

/// <summary>Where an input's value came from.</summary>
public enum InputOrigin
{
    /// <summary>Entered by a person, with no evidence linked that could derive it.</summary>
    Manual,

    /// <summary>Computed from linked evidence by the last rescore.</summary>
    Derived,

    /// <summary>Set by a person over whatever the evidence says, with a rationale; the rescore never changes it.</summary>
    Locked,
}

/// <summary>A person's decision that an input stays at a value, and why. Human judgement wins over derived values.</summary>
public sealed class InputLock
{
    public const int RationaleMaxLength = 1000;
    public const int LockedByMaxLength = 256;

    private InputLock()
    {
        Rationale = string.Empty;
        LockedBy = string.Empty;
    }

    public int InitiativeId { get; private set; }

    public ScoreInput Input { get; private set; }

    public double Value { get; private set; }

    public string Rationale { get; private set; }

    public string LockedBy { get; private set; }

    public DateTime LockedAt { get; private set; }

    public static string? ValidateRationale(string? rationale) =>
        string.IsNullOrWhiteSpace(rationale) ? "Say why this value overrides the evidence: a lock needs a rationale."
        : rationale.Trim().Length > RationaleMaxLength ? $"A rationale is at most {RationaleMaxLength} characters."
        : null;

    /// <summary>The value checked as the input's own rules require (impact on Intercom's scale, confidence in (0, 1], ...).</summary>
    public static string? ValidateValue(ScoreInput input, double value) => input switch
    {
        ScoreInput.Reach => Scoring.Reach.Validate(value),
        ScoreInput.Impact => Scoring.Impact.Validate(value),
        ScoreInput.Confidence => Scoring.Confidence.Validate(value),
        _ => Scoring.Effort.Validate(value),
    };

    public static InputLock Create(int initiativeId, ScoreInput input, double value, string rationale, string lockedBy, DateTime now)
    {
        var item = new InputLock { InitiativeId = initiativeId, Input = input };
        item.Change(value, rationale, lockedBy, now);
        return item;
    }

    public void Change(double value, string rationale, string lockedBy, DateTime now)
    {
        DomainException.ThrowIfInvalid("value", ValidateValue(Input, value));
        DomainException.ThrowIfInvalid("rationale", ValidateRationale(rationale));
        Value = value;
        Rationale = rationale.Trim();
        LockedBy = lockedBy.Length > LockedByMaxLength ? lockedBy[..LockedByMaxLength] : lockedBy;
        LockedAt = now;
    }
}
