namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// A pull could not go on: the service refused us, answered with something we cannot read, or the
/// source is misconfigured. The message is shown on the jobs page, so it says what and where.
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
