namespace RoadmapPrioritizer.Domain;

/// <summary>A rule of the domain was broken; <see cref="Field"/> names the input at fault.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string field, string message)
        : base(message) => Field = field;

    public DomainException()
        : this(string.Empty, "A domain rule was broken.")
    {
    }

    public DomainException(string message)
        : this(string.Empty, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException) => Field = string.Empty;

    public string Field { get; } = string.Empty;

    internal static void ThrowIfInvalid(string field, string? error)
    {
        if (error is not null)
        {
            throw new DomainException(field, error);
        }
    }
}
