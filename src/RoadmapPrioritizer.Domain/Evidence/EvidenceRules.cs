namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>Checks shared by every kind of evidence record.</summary>
internal static class EvidenceRules
{
    public const int ExternalIdMaxLength = EvidenceLimits.ExternalIdMaxLength;

    public static void ExternalId(List<EvidenceError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "An id is required (it is how a second import of the same record is recognised)."));
        }
        else if (value.Length > ExternalIdMaxLength)
        {
            errors.Add(new(field, $"An id is at most {ExternalIdMaxLength} characters."));
        }
    }

    public static void Utc(List<EvidenceError> errors, string field, DateTime value)
    {
        if (value.Kind != DateTimeKind.Utc)
        {
            errors.Add(new(field, "Time must be in UTC."));
        }
    }

    public static void MaxLength(List<EvidenceError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"{Label(field)} is {value.Length:N0} characters; at most {max:N0} are kept."));
        }
    }

    public static void NotNegative(List<EvidenceError> errors, string field, long value)
    {
        if (value < 0)
        {
            errors.Add(new(field, $"{Label(field)} cannot be negative."));
        }
    }

    public static void Currency(List<EvidenceError> errors, string field, string? value)
    {
        if (value is not null && Money.ValidateCurrency(value) is { } error)
        {
            errors.Add(new(field, error));
        }
    }

    private static string Label(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..].Replace('_', ' ');
}
