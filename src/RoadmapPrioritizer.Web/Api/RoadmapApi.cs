using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>
/// The JSON API for integrations. Bad input answers 400 problem+json with per-field errors, an
/// unknown id 404; neither writes anything. Callers authenticate with a sign-in cookie or an API
/// token (Authorization: Bearer); reads need any role, writes the Edit policy, decisions Decide.
/// Writes to themes and initiatives honour versions (ETag, If-Match, "version"): see <see cref="ApiVersions"/>.
/// </summary>
internal static class RoadmapApi
{
    public static void MapRoadmapApi(this IEndpointRouteBuilder app)
    {
        // Token and cookie callers alike: a cross-site form cannot send JSON, and tokens are not ambient.
        var api = app.MapGroup("/api").DisableAntiforgery().RequireAuthorization(Policies.Read);

        api.MapGet("/themes", async (ThemeService themes, CancellationToken ct) =>
            TypedResults.Ok((await themes.ListAsync(ct)).Select(t => ThemeResponse.From(t.Theme))));
        api.MapGet("/themes/{id:int}", async Task<Results<Ok<ThemeResponse>, NotFound>> (int id, ThemeService themes, HttpResponse response, CancellationToken ct) =>
        {
            if (await themes.FindAsync(id, ct) is not { } theme)
            {
                return TypedResults.NotFound();
            }

            ApiVersions.SetETag(response, theme.Version);
            return TypedResults.Ok(ThemeResponse.From(theme));
        });
        api.MapPost("/themes", async (HttpRequest request, ThemeService themes, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<ThemeInput>(request, ct);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await themes.CreateAsync(input!, ct), ThemeResponse.From, t => t.Version, expected: null, fromIfMatch: false, location: t => $"/api/themes/{t.Id}");
        }).RequireAuthorization(Policies.Edit);
        api.MapPut("/themes/{id:int}", async (int id, HttpRequest request, ThemeService themes, CancellationToken ct) =>
        {
            var (ifMatch, problem) = ApiVersions.ReadIfMatch(request);
            if (problem is not null)
            {
                return problem;
            }

            (var input, problem) = await ApiJson.ReadBodyAsync<ThemeInput>(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            (var expected, problem) = ApiVersions.Expected(ifMatch, input!.Version);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await themes.UpdateAsync(id, input with { Version = expected }, ct), ThemeResponse.From, t => t.Version, expected, fromIfMatch: ifMatch is not null);
        }).RequireAuthorization(Policies.Edit);

        api.MapGet("/initiatives", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.RankAllAsync(ct)).Select(InitiativeResponse.From)));
        api.MapGet("/initiatives/{id:int}", async Task<Results<Ok<InitiativeResponse>, NotFound>> (int id, InitiativeService initiatives, EvidenceLinkService links, HttpResponse response, CancellationToken ct) =>
        {
            if (await initiatives.GetAsync(id, ct) is not { } scored)
            {
                return TypedResults.NotFound();
            }

            ApiVersions.SetETag(response, scored.Initiative.Version);
            return TypedResults.Ok(InitiativeResponse.From(scored) with { Inputs = InputResponse.Map(await links.InputsAsync(id, ct)) });
        });
        api.MapPost("/initiatives", async (HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<InitiativeInput>(request, ct);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await initiatives.CreateAsync(input!, ct), InitiativeResponse.From, s => s.Initiative.Version, expected: null, fromIfMatch: false, location: s => $"/api/initiatives/{s.Initiative.Id}");
        }).RequireAuthorization(Policies.Edit);
        api.MapPut("/initiatives/{id:int}", async (int id, HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (ifMatch, problem) = ApiVersions.ReadIfMatch(request);
            if (problem is not null)
            {
                return problem;
            }

            (var input, problem) = await ApiJson.ReadBodyAsync<InitiativeInput>(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            (var expected, problem) = ApiVersions.Expected(ifMatch, input!.Version);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await initiatives.UpdateAsync(id, input with { Version = expected }, ct), InitiativeResponse.From, s => s.Initiative.Version, expected, fromIfMatch: ifMatch is not null);
        }).RequireAuthorization(Policies.Edit);
        api.MapPost("/initiatives/{id:int}/park", async (int id, HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (ifMatch, problem) = ApiVersions.ReadIfMatch(request);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await initiatives.ParkAsync(id, ifMatch, ct), InitiativeResponse.From, s => s.Initiative.Version, ifMatch, fromIfMatch: true);
        }).RequireAuthorization(Policies.Decide);
        api.MapPost("/initiatives/{id:int}/approve", async (int id, HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (ifMatch, problem) = ApiVersions.ReadIfMatch(request);
            return problem ?? ApiVersions.ToResult(
                request.HttpContext.Response, await initiatives.ApproveAsync(id, ifMatch, ct), InitiativeResponse.From, s => s.Initiative.Version, ifMatch, fromIfMatch: true);
        }).RequireAuthorization(Policies.Decide);
        api.MapDelete("/initiatives/{id:int}", async (int id, HttpRequest request, InitiativeService initiatives, CancellationToken ct) =>
        {
            var (ifMatch, problem) = ApiVersions.ReadIfMatch(request);
            return problem ?? await initiatives.DeleteAsync(id, ifMatch, ct) switch
            {
                OutcomeStatus.Ok => TypedResults.NoContent(),
                OutcomeStatus.Stale => ApiVersions.Stale(fromIfMatch: true, ifMatch, currentVersion: null, new Dictionary<string, string[]>(), current: null),
                _ => TypedResults.NotFound(),
            };
        }).RequireAuthorization(Policies.Edit);

        api.MapGet("/initiatives/{id:int}/comments", async Task<Results<Ok<IEnumerable<CommentResponse>>, NotFound>> (int id, CommentService comments, CancellationToken ct) =>
            await comments.ListAsync(id, ct) is { } list ? TypedResults.Ok(list.Select(CommentResponse.From)) : TypedResults.NotFound());
        api.MapPost("/initiatives/{id:int}/comments", async (int id, HttpRequest request, CommentService comments, CurrentUser user, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<CommentInput>(request, ct);
            return problem ?? ToResult(
                await comments.AddAsync(id, user.Id!, user.Principal.Identity?.Name ?? user.Id!, input!, ct), CommentResponse.From, c => $"/api/initiatives/{id}/comments");
        }).RequireAuthorization(Policies.Decide);

        api.MapGet("/rankings", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.RankAllAsync(ct)).Where(s => s.Rank is not null).Select(RankingResponse.From)));
        api.MapGet("/brand-criteria", async (RoadmapService roadmap, CancellationToken ct) =>
            TypedResults.Ok((await roadmap.GetCriteriaAsync(ct)).Select(BrandCriterionResponse.From)));
        api.MapPut("/brand-criteria/{key}", async (string key, HttpRequest request, RoadmapService roadmap, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<BrandCriterionInput>(request, ct);
            return problem ?? ToResult(await roadmap.UpdateCriterionAsync(key, input!, ct), BrandCriterionResponse.From);
        }).RequireAuthorization(Policies.Admin);
    }

    /// <summary>Ok (or Created when <paramref name="location"/> is given), else the problem that stopped the write.</summary>
    internal static IResult ToResult<T, TResponse>(Outcome<T> outcome, Func<T, TResponse> map, Func<T, string>? location = null) =>
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
