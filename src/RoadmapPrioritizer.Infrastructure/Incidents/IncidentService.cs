using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Incidents;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Evidence;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Incidents;

/// <summary>
/// Funnel incidents: evaluating a day against the whole shop's funnel (segment "", summed over
/// sources, as the evidence explorer shows it) and reading the incidents for the API and pages.
/// </summary>
public sealed partial class IncidentService(RoadmapDbContext db, IOptions<IncidentOptions> options, ILogger<IncidentService> logger)
{
    /// <summary>
    /// Judges every step on <paramref name="asOf"/> (the last complete day) and opens, updates or closes
    /// incidents to match, in one save (one transaction). Idempotent: evaluating the same day again on
    /// the same data changes nothing. A day earlier than one already evaluated for a step leaves that
    /// step's incidents alone, so re-running an old day never reopens or rewrites history; a step not
    /// judged (too few people, missing days) changes nothing either.
    /// </summary>
    public async Task<IncidentEvaluation> EvaluateAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var days = await WholeShopFunnel.DaysAsync(db, FunnelAnomalyDetector.FirstDayNeeded(asOf), asOf.AddDays(1), cancellationToken);
        var judgements = FunnelAnomalyDetector.Judge(days, asOf, options.Value.Thresholds);

        var open = await db.FunnelIncidents.Where(i => i.ClosedOn == null).ToDictionaryAsync(i => i.Step, cancellationToken);
        var closedSince = (await db.FunnelIncidents.AsNoTracking()
            .Where(i => i.ClosedOn != null && i.ClosedOn >= asOf)
            .Select(i => i.Step)
            .ToListAsync(cancellationToken)).ToHashSet();

        var changes = new List<IncidentChange>();
        foreach (var judgement in judgements.Where(j => j.Verdict != IncidentVerdict.NotJudged))
        {
            if (open.TryGetValue(judgement.Step, out var incident))
            {
                if (asOf < incident.LastCheckedOn)
                {
                    continue;
                }

                if (judgement.Verdict == IncidentVerdict.Anomalous)
                {
                    if (incident.Update(judgement))
                    {
                        changes.Add(new IncidentChange(IncidentChangeKind.Updated, incident));
                    }
                }
                else
                {
                    incident.Close(judgement);
                    changes.Add(new IncidentChange(IncidentChangeKind.Closed, incident));
                }
            }
            else if (judgement.Verdict == IncidentVerdict.Anomalous && !closedSince.Contains(judgement.Step))
            {
                incident = FunnelIncident.Open(judgement);
                db.FunnelIncidents.Add(incident);
                changes.Add(new IncidentChange(IncidentChangeKind.Opened, incident));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var change in changes)
        {
            LogChanged(change.Kind, change.Incident.Step, change.Incident.Rule, change.Incident.ChangePct, asOf, change.Incident.Id);
        }

        LogEvaluated(asOf, judgements.Count(j => j.Verdict == IncidentVerdict.Anomalous), judgements.Count(j => j.Verdict == IncidentVerdict.NotJudged), changes.Count);
        return new IncidentEvaluation(asOf, judgements, changes);
    }

    /// <summary>For the API: every incident, or only open or closed ones, newest first (by the day it opened).</summary>
    public async Task<IReadOnlyList<IncidentView>> ListAsync(IncidentState? state, CancellationToken cancellationToken)
    {
        var query = db.FunnelIncidents.AsNoTracking();
        query = state switch
        {
            IncidentState.Open => query.Where(i => i.ClosedOn == null),
            IncidentState.Closed => query.Where(i => i.ClosedOn != null),
            _ => query,
        };
        var incidents = await query.OrderByDescending(i => i.OpenedOn).ThenByDescending(i => i.Id).ToListAsync(cancellationToken);
        return await WithInitiativesAsync(incidents, cancellationToken);
    }

    /// <summary>For the incidents page: open incidents first, then closed ones, most recently closed first.</summary>
    public async Task<IncidentsOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var all = await ListAsync(state: null, cancellationToken);
        return new IncidentsOverview(
            all.Where(v => v.Incident.IsOpen).ToList(),
            all.Where(v => !v.Incident.IsOpen).OrderByDescending(v => v.Incident.ClosedOn).ThenByDescending(v => v.Incident.Id).ToList(),
            options.Value.Thresholds);
    }

    /// <summary>For the ranked list: the open incidents and the initiatives to highlight.</summary>
    public async Task<OpenIncidents> OpenAsync(CancellationToken cancellationToken) =>
        new(await ListAsync(IncidentState.Open, cancellationToken));

    private async Task<IReadOnlyList<IncidentView>> WithInitiativesAsync(List<FunnelIncident> incidents, CancellationToken cancellationToken)
    {
        if (incidents.Count == 0)
        {
            return [];
        }

        var linked = await LinkedInitiativesAsync(cancellationToken);
        return incidents.Select(i => new IncidentView(i, linked.GetValueOrDefault(i.Step) ?? [])).ToList();
    }

    /// <summary>
    /// The initiatives each step's incidents link to: those whose evidence link targets the step and
    /// that are still to do (Idea, Planned, In progress), the work that could answer a fall; shipped,
    /// measured and parked work is left out. Read as the links are now, not as they were when the
    /// incident opened. One link per initiative, so the whole table is small enough to read at once.
    /// </summary>
    private async Task<Dictionary<FunnelStep, IReadOnlyList<LinkedInitiative>>> LinkedInitiativesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.EvidenceLinks.AsNoTracking()
            .Where(l => l.FunnelStep != null)
            .Join(db.Initiatives.AsNoTracking(), l => l.InitiativeId, i => i.Id, (l, i) => new { l.FunnelStep, i.Id, i.Title, i.Status })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Status.IsRanked())
            .GroupBy(r => r.FunnelStep!.Value)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<LinkedInitiative>)g.OrderBy(r => r.Title, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id)
                    .Select(r => new LinkedInitiative(r.Id, r.Title, r.Status)).ToList());
    }

    [LoggerMessage(LogLevel.Information, "Funnel incident {Kind}: {Step} conversion {Rule} change {ChangePct:P1} as of {AsOf} (incident {IncidentId})")]
    private partial void LogChanged(IncidentChangeKind kind, FunnelStep step, IncidentRule rule, double changePct, DateOnly asOf, int incidentId);

    [LoggerMessage(LogLevel.Information, "Funnel incidents evaluated as of {AsOf}: {Anomalous} step(s) anomalous, {NotJudged} not judged, {Changes} incident change(s)")]
    private partial void LogEvaluated(DateOnly asOf, int anomalous, int notJudged, int changes);
}
