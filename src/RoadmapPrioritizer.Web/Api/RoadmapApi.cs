using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>
/// The JSON API for integrations. Bad input answers 400 problem+json with per-field errors, an
/// unknown id 404; neither writes anything. Bearer tokens are accepted and ignored until accounts exist.
/// </summary>
internal static class RoadmapApi
{
    public static void MapRoadmapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery();

        api.MapGet("/themes", async (ThemeService themes, CancellationToken ct) =>
            TypedResults.Ok((await themes.ListAsync(ct)).Select(t => ThemeResponse.From(t.Theme))));
        api.MapGet("/themes/{id:int}", async Task<Results<Ok<ThemeResponse>, NotFound>> (int id, ThemeService themes, CancellationToken ct) =>
            await themes.FindAsync(id, ct) is { } theme ? TypedResults.Ok(ThemeResponse.From(theme)) : TypedResults.NotFound());
        api.MapPost("/themes", async (HttpRequest request, ThemeService themes, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<ThemeInput>(request, ct);
            return problem ?? ToResult(await themes.CreateAsync(input!, ct), ThemeResponse.From, t => $"/api/themes/{t.Id}");
        });
        api.MapPut("/themes/{id:int}", async (int id, HttpRequest request, ThemeService themes, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<ThemeInput>(request, ct);
            return problem ?? ToResult(await themes.UpdateAsync(id, input!, ct), ThemeResponse.From);
        });

        api.MapGet("/initiatives", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.RankAllAsync(ct)).Select(InitiativeResponse.From)));
        api.MapGet("/initiatives/{id:int}", async Task<Results<Ok<InitiativeResponse>, NotFound>> (int id, InitiativeService initiatives, CancellationToken ct) =>
            await initiatives.GetAsync(id, ct) is { } scored ? TypedResults.Ok(InitiativeResponse.From(scored)) : TypedResults.NotFound());
        api.MapPost("/initiatives", async (HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<InitiativeInput>(request, ct);
            return problem ?? ToResult(await initiatives.CreateAsync(input!, ct), InitiativeResponse.From, s => $"/api/initiatives/{s.Initiative.Id}");
        });
        api.MapPut("/initiatives/{id:int}", async (int id, HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<InitiativeInput>(request, ct);
            return problem ?? ToResult(await initiatives.UpdateAsync(id, input!, ct), InitiativeResponse.From);
        });
        api.MapPost("/initiatives/{id:int}/park", async (int id, InitiativeService initiatives, CancellationToken ct) =>
            ToResult(await initiatives.ParkAsync(id, expectedVersion: null, ct), InitiativeResponse.From));
        api.MapDelete("/initiatives/{id:int}", async Task<Results<NoContent, NotFound>> (int id, InitiativeService initiatives, CancellationToken ct) =>
            await initiatives.DeleteAsync(id, expectedVersion: null, ct) == OutcomeStatus.Ok ? TypedResults.NoContent() : TypedResults.NotFound());

        api.MapGet("/rankings", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.RankAllAsync(ct)).Where(s => s.Rank is not null).Select(RankingResponse.From)));
        api.MapGet("/brand-criteria", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.GetCriteriaAsync(ct)).Select(c => new BrandCriterionResponse(c.Key, c.Name, c.Weight, c.Description))));
    }

    /// <summary>Ok (or Created when <paramref name="location"/> is given), else the problem that stopped the write.</summary>
    private static IResult ToResult<T, TResponse>(Outcome<T> outcome, Func<T, TResponse> map, Func<T, string>? location = null) =>
        outcome.Status switch
        {
            OutcomeStatus.Ok when location is not null => TypedResults.Created(location(outcome.Value!), map(outcome.Value!)),
            OutcomeStatus.Ok => TypedResults.Ok(map(outcome.Value!)),
            OutcomeStatus.NotFound => TypedResults.NotFound(),
            OutcomeStatus.Conflict => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = outcome.Errors.Values.First()[0],
                Extensions = { ["errors"] = outcome.Errors },
            }),
            _ => TypedResults.ValidationProblem(outcome.Errors),
        };
}
