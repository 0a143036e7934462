using RoadmapPrioritizer.Infrastructure.Ingestion;

namespace RoadmapPrioritizer.Infrastructure.Rescoring;

/// <summary>One rescore of every initiative: when, for which day's evidence, what it changed, and why it failed.</summary>
public sealed class RescoreRun
{
    public const int ErrorMaxLength = 4000;
    public const int ActorMaxLength = 256;

    public long Id { get; private set; }

    public RunTrigger Trigger { get; private set; }

    public RunState State { get; private set; }

    public string? Actor { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>The run reads evidence up to the day before this one.</summary>
    public DateOnly AsOf { get; private set; }

    /// <summary>Initiatives snapshotted.</summary>
    public int Initiatives { get; private set; }

    /// <summary>Initiatives whose inputs the evidence changed.</summary>
    public int Changed { get; private set; }

    public string? Error { get; private set; }

    public static RescoreRun Start(RunTrigger trigger, string? actor, DateTime now) => new()
    {
        Trigger = trigger,
        State = RunState.Running,
        Actor = actor is { Length: > ActorMaxLength } ? actor[..ActorMaxLength] : actor,
        StartedAt = now,
        AsOf = DateOnly.FromDateTime(now),
    };

    public void Succeed(int initiatives, int changed, DateTime now)
    {
        State = RunState.Succeeded;
        Initiatives = initiatives;
        Changed = changed;
        FinishedAt = now;
    }

    public void Fail(string error, DateTime now)
    {
        State = RunState.Failed;
        Error = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        FinishedAt = now;
    }
}
