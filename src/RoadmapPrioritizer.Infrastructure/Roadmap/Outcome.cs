namespace RoadmapPrioritizer.Infrastructure.Roadmap;

public enum OutcomeStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,

    /// <summary>Someone else saved the record since the editor loaded it; nothing was written.</summary>
    Stale,
}

/// <summary>
/// What a command did: its result, or why nothing was written (per-field messages). When
/// <see cref="OutcomeStatus.Stale"/>, <see cref="Value"/> is the record as stored now and the messages
/// say what changed since the editor loaded it.
/// </summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public bool IsOk => Status == OutcomeStatus.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value, NoErrors);

    public static Outcome<T> Invalid(FieldErrors errors) => new(OutcomeStatus.Invalid, default, errors.ToDictionary());

    public static Outcome<T> NotFound() => new(OutcomeStatus.NotFound, default, NoErrors);

    public static Outcome<T> Conflict(string field, string message) =>
        new(OutcomeStatus.Conflict, default, new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> Stale(T current, FieldErrors changes) => new(OutcomeStatus.Stale, current, changes.ToDictionary());
}

/// <summary>Messages collected per input field (JSON names, e.g. "reach" or "brandAlignment.craft_storytelling").</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string? message)
    {
        if (message is null)
        {
            return;
        }

        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
