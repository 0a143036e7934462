using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

public sealed record EvidenceLinkBody(string[]? Reasons, string[]? Keywords, string[]? SurveyTypes, string? FunnelStep);

public sealed record LockBody(double? Value, string? Rationale);

public sealed record FunnelMatchResponse(long Previous, long Reached, int DaysWithData, double? DropOff, DateOnly NewestDay);

public sealed record RequestsResponse(int Count, int Detractors, int Passives, int Promoters, int Unknown, double Weighted);

public sealed record SampleResponse(string ExternalId, SurveyType SurveyType, DateTime SubmittedAt, string? Reason, string? Text);

public sealed record MatchingResponse(int Responses, int Matched, double? Share, DateTime? NewestMatch, RequestsResponse Requests, FunnelMatchResponse? Funnel, int Orders, IReadOnlyList<SampleResponse> Samples);

public sealed record EvidenceLinkResponse(
    int InitiativeId,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<SurveyType> SurveyTypes,
    FunnelStep? FunnelStep,
    DateOnly From,
    DateOnly Until,
    MatchingResponse Matching)
{
    public static EvidenceLinkResponse Of(int initiativeId, LinkedEvidence linked)
    {
        var e = linked.Evidence;
        var r = e.Requests;
        return new(
            initiativeId,
            linked.Link?.Reasons ?? [],
            linked.Link?.Keywords ?? [],
            linked.Link?.SurveyTypes ?? [],
            linked.Link?.FunnelStep,
            linked.From,
            linked.Until.AddDays(-1),
            new MatchingResponse(
                e.Responses,
                e.Matched,
                e.Share,
                e.NewestMatch,
                new RequestsResponse(r.Count, r.Detractors, r.Passives, r.Promoters, r.Unknown, r.Weighted),
                e.Funnel is { } f ? new FunnelMatchResponse(f.Previous, f.Reached, f.DaysWithData, f.DropOff, f.NewestDay) : null,
                e.Orders,
                linked.Samples.Select(x => new SampleResponse(x.ExternalId, x.SurveyType, x.SubmittedAt, x.Reason, x.Text)).ToList()));
    }
}

public sealed record InputResponse(double Value, InputOrigin Origin, string Explanation, double? Suggested, string? LockedBy, DateTime? LockedAt, string? Rationale)
{
    public static InputResponse From(InputView v) => new(v.Value, v.Origin, v.Explanation, v.Suggested, v.Lock?.LockedBy, v.Lock?.LockedAt, v.Lock?.Rationale);

    public static IReadOnlyDictionary<string, InputResponse> Map(IReadOnlyList<InputView> inputs) =>
        inputs.ToDictionary(v => char.ToLowerInvariant(v.Input.ToString()[0]) + v.Input.ToString()[1..], From);
}

public sealed record RescoreRunResponse(long RunId, RunTrigger Trigger, RunState State, string? Actor, DateOnly AsOf, int Initiatives, int Changed, string? Error, DateTime StartedAt, DateTime? FinishedAt)
{
    public static RescoreRunResponse From(RescoreRun r) => new(r.Id, r.Trigger, r.State, r.Actor, r.AsOf, r.Initiatives, r.Changed, r.Error, r.StartedAt, r.FinishedAt);
}

public sealed record HistoryPointResponse(long RunId, DateTime At, double Reach, double Impact, double Confidence, double Effort, double RiceScore, double BrandFit, double PriorityScore, int? Rank)
{
    public static HistoryPointResponse From(ScoreHistoryPoint p) =>
        new(p.Run.Id, p.Run.StartedAt, p.Snapshot.Reach, p.Snapshot.Impact, p.Snapshot.Confidence, p.Snapshot.Effort, p.Snapshot.RiceScore, p.Snapshot.BrandFit, p.Snapshot.PriorityScore, p.Snapshot.Rank);
}

/// <summary>Evidence links, input locks, rescore runs and score history for automation.</summary>
internal static class RescoringApi
{
    public static void MapRescoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery().RequireAuthorization(Policies.Read);

        api.MapGet("/initiatives/{id:int}/evidence", async Task<Results<Ok<EvidenceLinkResponse>, NotFound>> (int id, EvidenceLinkService links, CancellationToken ct) =>
            await links.GetAsync(id, ct) is { } linked ? TypedResults.Ok(EvidenceLinkResponse.Of(id, linked)) : TypedResults.NotFound());
        api.MapPut("/initiatives/{id:int}/evidence", async (int id, HttpRequest request, EvidenceLinkService links, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadBodyAsync<EvidenceLinkBody>(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            var (definition, errors) = ReadLink(body!);
            return definition is null
                ? TypedResults.ValidationProblem(errors.ToDictionary())
                : RoadmapApi.ToResult(await links.SetAsync(id, definition, ct), linked => EvidenceLinkResponse.Of(id, linked));
        }).RequireAuthorization(Policies.Edit);

        api.MapGet("/initiatives/{id:int}/locks", async Task<Results<Ok<IReadOnlyDictionary<string, InputResponse>>, NotFound>> (int id, EvidenceLinkService links, InitiativeService initiatives, CancellationToken ct) =>
            await initiatives.GetAsync(id, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(InputResponse.Map(await links.InputsAsync(id, ct))));
        api.MapPut("/initiatives/{id:int}/locks", async (int id, HttpRequest request, EvidenceLinkService links, CurrentUser user, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadBodyAsync<Dictionary<string, LockBody?>>(request, ct);
            if (problem is not null)
            {
                return problem;
            }

            var changes = new Dictionary<ScoreInput, LockInput?>();
            var errors = new FieldErrors();
            foreach (var (key, value) in body!)
            {
                if (Enum.TryParse<ScoreInput>(key, ignoreCase: true, out var input) && Enum.IsDefined(input))
                {
                    changes[input] = value is null ? null : new LockInput(value.Value, value.Rationale);
                }
                else
                {
                    errors.Add(key, "Not an input: lock reach, impact, confidence or effort.");
                }
            }

            return errors.Any
                ? TypedResults.ValidationProblem(errors.ToDictionary())
                : RoadmapApi.ToResult(await links.SetLocksAsync(id, changes, user.Principal.Identity?.Name ?? "unknown", ct), InputResponse.Map);
        }).RequireAuthorization(Policies.Edit);

        api.MapGet("/initiatives/{id:int}/history", async Task<Results<Ok<IEnumerable<HistoryPointResponse>>, NotFound>> (int id, RescoreService rescore, InitiativeService initiatives, CancellationToken ct) =>
            await initiatives.GetAsync(id, ct) is null ? TypedResults.NotFound() : TypedResults.Ok((await rescore.HistoryAsync(id, ct)).Select(HistoryPointResponse.From)));

        api.MapPost("/rescore", async Task<IResult> (RescoreOperations operations, CurrentUser user, HttpResponse response, CancellationToken ct) =>
        {
            var result = await operations.RunNowAsync(user.Principal.Identity?.Name, ct);
            switch (result.Status)
            {
                case RunNowStatus.Started:
                    return TypedResults.Accepted($"/api/rescore/{result.RunId}", new RunStartedResponse(result.RunId!.Value));
                case RunNowStatus.AlreadyRunning:
                    response.Headers.Location = $"/api/rescore/{result.RunId}";
                    return TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status409Conflict,
                        Title = "A rescore is already under way",
                        Detail = $"Rescore {result.RunId} has not finished; follow it at /api/rescore/{result.RunId}.",
                        Extensions = { ["runId"] = result.RunId },
                    });
                default:
                    return TypedResults.Problem("Scheduling is switched off on this server (Scheduling:Enabled=false), so no rescore can be started.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).RequireAuthorization(Policies.Edit);
        api.MapGet("/rescore", async (RescoreService rescore, CancellationToken ct) =>
            TypedResults.Ok((await rescore.RecentRunsAsync(20, ct)).Select(RescoreRunResponse.From)));
        api.MapGet("/rescore/{runId:long}", async Task<Results<Ok<RescoreRunResponse>, NotFound>> (long runId, RescoreService rescore, CancellationToken ct) =>
            await rescore.FindRunAsync(runId, ct) is { } run ? TypedResults.Ok(RescoreRunResponse.From(run)) : TypedResults.NotFound());
    }

    private static (EvidenceLinkDefinition? Definition, FieldErrors Errors) ReadLink(EvidenceLinkBody body)
    {
        var errors = new FieldErrors();
        var types = new List<SurveyType>();
        var given = body.SurveyTypes ?? [];
        for (var i = 0; i < given.Length; i++)
        {
            if (SurveyTypes.Parse(given[i]) is { } type)
            {
                types.Add(type);
            }
            else
            {
                errors.Add($"surveyTypes[{i}]", $"'{given[i]}' is not a survey type; use one of {SurveyTypes.Expected}.");
            }
        }

        FunnelStep? step = null;
        if (!string.IsNullOrWhiteSpace(body.FunnelStep))
        {
            step = FunnelSteps.Parse(body.FunnelStep);
            errors.Add("funnelStep", step is null ? $"'{body.FunnelStep}' is not a funnel step; use one of {FunnelSteps.Expected}, or null." : null);
        }

        var reasons = body.Reasons ?? [];
        var keywords = body.Keywords ?? [];
        if (reasons.Any(r => r is null) || keywords.Any(k => k is null))
        {
            errors.Add(reasons.Any(r => r is null) ? "reasons" : "keywords", "Must be a list of strings (no nulls).");
        }

        return errors.Any ? (null, errors) : (new EvidenceLinkDefinition(reasons, keywords, types, step), errors);
    }
}
