using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Web.Components.Shared;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>The jobs page's live run progress, polled by htmx.</summary>
internal static class JobFragments
{
    public static void MapJobFragments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fragments/sources/{id:int}/runs/{runId:long}", async Task<Results<RazorComponentResult<RunProgress>, NotFound>> (
            int id, long runId, SourceOperations sources, IOptions<ScheduleOptions> options, CancellationToken ct) =>
            await sources.FindRunAsync(id, runId, ct) is { } run
                ? new RazorComponentResult<RunProgress>(new { Run = run, TimeZone = options.Value.ShopTimeZone })
                : TypedResults.NotFound()).RequireAuthorization(Policies.Admin);
    }
}
