using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>A source as the API shows it: never its secret, only whether it has one.</summary>
public sealed record SourceResponse(
    int Id,
    SourceKind Kind,
    string Name,
    string? Cron,
    bool Enabled,
    bool HasSecret,
    IReadOnlyDictionary<string, string> Settings,
    DateTime CreatedAt,
    DateTimeOffset? NextRunAt,
    RunResponse? LastRun)
{
    public static SourceResponse From(SourceView s, TriggerSchedule? schedule = null, ImportRun? lastRun = null) =>
        new(s.Id, s.Kind, s.Name, s.Cron, s.Enabled, s.HasSecret, s.Settings, s.CreatedAt, schedule?.NextFireAt, lastRun is null ? null : RunResponse.From(lastRun));
}

public sealed record RunResponse(
    long Id,
    int SourceId,
    RunTrigger Trigger,
    RunState State,
    string? Actor,
    int Added,
    int AlreadyPresent,
    int Rejected,
    string? Progress,
    string? Error,
    DateTime StartedAt,
    DateTime? FinishedAt)
{
    public static RunResponse From(ImportRun r) =>
        new(r.Id, r.SourceId, r.Trigger, r.State, r.Actor, r.Added, r.AlreadyPresent, r.Rejected, r.Progress, r.Error, r.StartedAt, r.FinishedAt);
}

public sealed record RunStartedResponse(long RunId);

public sealed record SecretInput(string? Secret);

public sealed record ScheduleInput(string? Cron);

public sealed record SettingsInput(IReadOnlyDictionary<string, string>? Settings);

/// <summary>
/// Data sources and their runs for automation. Reading, running, pausing, resuming and rescheduling
/// need Admin or ProductManager (<see cref="Policies.Imports"/>); adding a source, changing its settings
/// and replacing its secret need Admin, because that is where credentials and server paths are entered.
/// No response ever carries a secret.
/// </summary>
internal static class SourcesApi
{
    public static void MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sources").DisableAntiforgery().RequireAuthorization(Policies.Imports);

        api.MapGet("", async (SourceOperations sources, CancellationToken ct) =>
            TypedResults.Ok((await sources.OverviewAsync(ct)).Sources.Select(j => SourceResponse.From(j.Source, j.Schedule, j.LastRun))));
        api.MapGet("/{id:int}", async Task<Results<Ok<SourceResponse>, NotFound>> (int id, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
        {
            if (await sources.FindAsync(id, ct) is not { } source)
            {
                return TypedResults.NotFound();
            }

            var history = await sources.HistoryAsync(id, ct);
            return TypedResults.Ok(SourceResponse.From(source, await schedule.DescribeSourceAsync(id, ct), history.Count > 0 ? history[0] : null));
        });
        api.MapPost("", async (HttpRequest request, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<SourceInput>(request, ct);
            return problem ?? await SourceResultAsync(await sources.CreateAsync(input!, ct), schedule, created: true, ct);
        }).RequireAuthorization(Policies.Admin);
        api.MapPut("/{id:int}/secret", async (int id, HttpRequest request, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<SecretInput>(request, ct);
            return problem ?? await SourceResultAsync(await sources.ReplaceSecretAsync(id, input!.Secret, ct), schedule, created: false, ct);
        }).RequireAuthorization(Policies.Admin);
        api.MapPut("/{id:int}/settings", async (int id, HttpRequest request, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<SettingsInput>(request, ct);
            return problem ?? await SourceResultAsync(await sources.ConfigureAsync(id, input!.Settings, ct), schedule, created: false, ct);
        }).RequireAuthorization(Policies.Admin);
        api.MapPut("/{id:int}/schedule", async (int id, HttpRequest request, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
        {
            var (input, problem) = await ApiJson.ReadBodyAsync<ScheduleInput>(request, ct);
            return problem ?? await SourceResultAsync(await sources.RescheduleAsync(id, input!.Cron, ct), schedule, created: false, ct);
        });
        api.MapPost("/{id:int}/pause", async (int id, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
            await SourceResultAsync(await sources.PauseAsync(id, ct), schedule, created: false, ct));
        api.MapPost("/{id:int}/resume", async (int id, SourceOperations sources, ScheduleSync schedule, CancellationToken ct) =>
            await SourceResultAsync(await sources.ResumeAsync(id, ct), schedule, created: false, ct));

        api.MapPost("/{id:int}/runs", async (int id, SourceOperations sources, CurrentUser user, HttpResponse response, CancellationToken ct) =>
            RunNowResult(id, await sources.RunNowAsync(id, user.Principal.Identity?.Name, ct), response));
        api.MapGet("/{id:int}/runs", async Task<Results<Ok<IEnumerable<RunResponse>>, NotFound>> (int id, SourceOperations sources, CancellationToken ct) =>
            await sources.FindAsync(id, ct) is null
                ? TypedResults.NotFound()
                : TypedResults.Ok((await sources.HistoryAsync(id, ct)).Select(RunResponse.From)));
        api.MapGet("/{id:int}/runs/{runId:long}", async Task<Results<Ok<RunResponse>, NotFound>> (int id, long runId, SourceOperations sources, CancellationToken ct) =>
            await sources.FindRunAsync(id, runId, ct) is { } run ? TypedResults.Ok(RunResponse.From(run)) : TypedResults.NotFound());
    }

    /// <summary>The source with its next run as the scheduler now has it, or why nothing was written (400, 404, 409).</summary>
    private static async Task<IResult> SourceResultAsync(Outcome<SourceView> outcome, ScheduleSync schedule, bool created, CancellationToken ct)
    {
        var trigger = outcome.IsOk ? await schedule.DescribeSourceAsync(outcome.Value!.Id, ct) : null;
        return RoadmapApi.ToResult(outcome, s => SourceResponse.From(s, trigger), created ? s => $"/api/sources/{s.Id}" : null);
    }

    /// <summary>
    /// 202 with the new run's id; while a run is under way, 409 naming that run (and its address in
    /// Location) rather than a second run: the caller asked to start one and none was started.
    /// </summary>
    private static IResult RunNowResult(int id, RunNowResult result, HttpResponse response)
    {
        switch (result.Status)
        {
            case RunNowStatus.Started:
                return TypedResults.Accepted($"/api/sources/{id}/runs/{result.RunId}", new RunStartedResponse(result.RunId!.Value));
            case RunNowStatus.AlreadyRunning:
                response.Headers.Location = $"/api/sources/{id}/runs/{result.RunId}";
                return TypedResults.Problem(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "A run is already under way",
                    Detail = $"Run {result.RunId} of this source has not finished; follow it at /api/sources/{id}/runs/{result.RunId}.",
                    Extensions = { ["runId"] = result.RunId },
                });
            case RunNowStatus.NotPulled:
                return ApiJson.Invalid("kind", "This source receives uploads or webhooks; only pulled sources (Zigpoll, Shopify, Ga4, HubSpot, and Csv with an import folder) have runs to start.");
            case RunNowStatus.SchedulingOff:
                return TypedResults.Problem("Scheduling is switched off on this server (Scheduling:Enabled=false), so no run can be started.", statusCode: StatusCodes.Status503ServiceUnavailable);
            default:
                return TypedResults.NotFound();
        }
    }
}
