using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Incidents;

namespace RoadmapPrioritizer.Web.Api;

/// <param name="Step">The step's name: ProductView, AddToCart, CheckoutStarted or CheckoutCompleted.</param>
/// <param name="Baseline">The conversion of the baseline that triggered (a fraction, unrounded).</param>
/// <param name="ChangePct">(observed − baseline) ÷ baseline as a fraction: −0.268 is a 26.8% fall.</param>
/// <param name="ClosedOn">Null while open.</param>
/// <param name="InitiativeIds">Initiatives still to do that target the step, as linked now.</param>
public sealed record IncidentResponse(
    int Id,
    FunnelStep Step,
    string Metric,
    double Baseline,
    double Observed,
    double ChangePct,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    IReadOnlyList<int> InitiativeIds)
{
    public static IncidentResponse From(IncidentView view)
    {
        var i = view.Incident;
        return new(i.Id, i.Step, i.Metric, i.Baseline, i.Observed, i.ChangePct, i.OpenedOn, i.ClosedOn, view.Initiatives.Select(l => l.Id).ToList());
    }
}

internal static class IncidentsApi
{
    /// <summary>
    /// GET /api/incidents?state=open|closed -> [{id, step, metric, baseline, observed, changePct, openedOn, closedOn, initiativeIds}],
    /// newest first; no state: all. Returns the group so the host can require a policy on it.
    /// </summary>
    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");

        group.MapGet("/", async Task<Results<Ok<List<IncidentResponse>>, ValidationProblem>> (string? state, IncidentService incidents, CancellationToken ct) =>
        {
            if (!TryParseState(state, out var filter))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["state must be open or closed (or left out for all)."] });
            }

            var list = await incidents.ListAsync(filter, ct);
            return TypedResults.Ok(list.Select(IncidentResponse.From).ToList());
        });

        return group;
    }

    /// <summary>"open" or "closed" in any case; empty is every incident. Numbers are not accepted as names.</summary>
    private static bool TryParseState(string? text, out IncidentState? state)
    {
        state = text?.Trim().ToUpperInvariant() switch
        {
            null or "" => null,
            "OPEN" => IncidentState.Open,
            "CLOSED" => IncidentState.Closed,
            _ => null,
        };
        return state is not null || string.IsNullOrWhiteSpace(text);
    }
}
