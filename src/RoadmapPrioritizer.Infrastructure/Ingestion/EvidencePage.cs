using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Infrastructure.Ingestion;

/// <summary>
/// One page of evidence from a source, and the cursor that resumes after it. The page's records and
/// its cursor are stored in one transaction, so a run that fails later resumes after the last stored page.
/// </summary>
public sealed class EvidencePage
{
    public List<SurveyResponse> SurveyResponses { get; } = [];

    public List<Order> Orders { get; } = [];

    public List<AbandonedCheckout> AbandonedCheckouts { get; } = [];

    public List<FunnelDay> FunnelDays { get; } = [];

    /// <summary>Records the source sent that we could not accept, with where and why.</summary>
    public List<RejectedRecord> Rejected { get; } = [];

    /// <summary>Where the next run starts; null leaves the source's cursor as it was.</summary>
    public string? Cursor { get; init; }

    /// <summary>What the jobs page shows while the run goes on after this page; null: "page N".</summary>
    public string? Progress { get; init; }

    /// <summary>How many records were rejected, when <see cref="Rejected"/> does not list them all (a CSV file keeps its first 10,000 messages); null: the records it lists.</summary>
    public int? RejectedCount { get; init; }

    public int Count => SurveyResponses.Count + Orders.Count + AbandonedCheckouts.Count + FunnelDays.Count;
}

/// <param name="Position">Where the record was: "line 12", "response abc123", "order 1001".</param>
public sealed record RejectedRecord(string Position, string Field, string Message);
