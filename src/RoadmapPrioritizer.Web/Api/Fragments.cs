using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Web.Components.Shared;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>HTML fragments that htmx swaps into pages.</summary>
internal static class Fragments
{
    public static void MapFragments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fragments/initiatives/{id:int}/breakdown", async Task<Results<RazorComponentResult<BreakdownRow>, NotFound>> (
            int id, bool? hide, InitiativeService initiatives, CancellationToken ct) =>
        {
            if (hide == true)
            {
                return new RazorComponentResult<BreakdownRow>(new { Id = id });
            }

            return await initiatives.GetAsync(id, ct) is { } scored
                ? new RazorComponentResult<BreakdownRow>(new { Id = id, Scored = scored })
                : TypedResults.NotFound();
        }).RequireAuthorization(Policies.Read);
    }
}
