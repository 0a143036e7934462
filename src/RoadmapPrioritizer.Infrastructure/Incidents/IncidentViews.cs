using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Incidents;

public enum IncidentState
{
    Open,
    Closed,
}

public enum IncidentChangeKind
{
    Opened,
    Updated,
    Closed,
}

/// <summary>What one evaluation did to one incident.</summary>
public sealed record IncidentChange(IncidentChangeKind Kind, FunnelIncident Incident);

/// <summary>
/// One day's evaluation: every step's judgement (with its arithmetic, also when nothing changed) and
/// the incidents it opened, updated or closed. Empty <see cref="Changes"/> when the day had been
/// evaluated already on the same data.
/// </summary>
public sealed record IncidentEvaluation(DateOnly AsOf, IReadOnlyList<StepJudgement> Judgements, IReadOnlyList<IncidentChange> Changes)
{
    public IEnumerable<FunnelIncident> Opened => Changes.Where(c => c.Kind == IncidentChangeKind.Opened).Select(c => c.Incident);

    public IEnumerable<FunnelIncident> Updated => Changes.Where(c => c.Kind == IncidentChangeKind.Updated).Select(c => c.Incident);

    public IEnumerable<FunnelIncident> Closed => Changes.Where(c => c.Kind == IncidentChangeKind.Closed).Select(c => c.Incident);
}

/// <summary>An initiative that targets an incident's step and is still to do: work that could answer the fall.</summary>
public sealed record LinkedInitiative(int Id, string Title, InitiativeStatus Status);

/// <summary>An incident and the initiatives linked to its step, as they are now.</summary>
public sealed record IncidentView(FunnelIncident Incident, IReadOnlyList<LinkedInitiative> Initiatives);

/// <summary>The incidents page: open incidents (newest first), then closed ones (most recently closed first), and the thresholds in force.</summary>
public sealed record IncidentsOverview(IReadOnlyList<IncidentView> Open, IReadOnlyList<IncidentView> Closed, IncidentThresholds Thresholds)
{
    public bool IsEmpty => Open.Count == 0 && Closed.Count == 0;
}

/// <summary>The open incidents, for the ranked list's banner and for highlighting their linked initiatives.</summary>
public sealed record OpenIncidents(IReadOnlyList<IncidentView> Incidents)
{
    public static readonly OpenIncidents None = new([]);

    public bool Any => Incidents.Count > 0;

    /// <summary>The open incidents whose step the initiative targets.</summary>
    public IReadOnlyList<FunnelIncident> For(int initiativeId) =>
        Incidents.Where(v => v.Initiatives.Any(i => i.Id == initiativeId)).Select(v => v.Incident).ToList();

    public IReadOnlyList<FunnelStep> Steps => Incidents.Select(v => v.Incident.Step).ToList();
}
