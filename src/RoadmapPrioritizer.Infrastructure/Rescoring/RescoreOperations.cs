using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Scheduling;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>"Run rescore now" for the API and the jobs page: records the run and hands it to the scheduler.</summary>
public sealed partial class RescoreOperations(RescoreService rescore, ScheduleSync schedule, ILogger<RescoreOperations> logger)
{
    public async Task<RunNowResult> RunNowAsync(string? actor, CancellationToken ct)
    {
        if (!schedule.Enabled)
        {
            return new RunNowResult(RunNowStatus.SchedulingOff);
        }

        var start = await rescore.StartAsync(RunTrigger.Manual, actor, ct);
        if (!start.Started)
        {
            return new RunNowResult(RunNowStatus.AlreadyRunning, start.Run.Id);
        }

        try
        {
            await schedule.FireRescoreNowAsync(start.Run.Id, ct);
        }
        catch (Exception error)
        {
            // Otherwise the recorded run would stay "Running" and hold off the next ones.
            await rescore.FailAsync(start.Run.Id, $"The scheduler could not take the run: {error.Message}", CancellationToken.None);
            throw;
        }

        LogRunNow(start.Run.Id);
        return new RunNowResult(RunNowStatus.Started, start.Run.Id);
    }

    [LoggerMessage(LogLevel.Information, "Rescore run {RunId} handed to the scheduler")]
    private partial void LogRunNow(long runId);
}
