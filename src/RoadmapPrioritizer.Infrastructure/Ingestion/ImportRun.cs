namespace RoadmapPrioritizer.Infrastructure.Ingestion;

public enum RunState
{
    Running,
    Succeeded,
    Failed,
}

public enum RunTrigger
{
    Schedule,
    Manual,
    Upload,
    Webhook,
}

/// <summary>One pull, upload or webhook delivery into a source: what it added, found already present, rejected, and why it failed.</summary>
public sealed class ImportRun
{
    public const int ErrorMaxLength = 4000;
    public const int ProgressMaxLength = 200;
    public const int ActorMaxLength = 256;

    public long Id { get; private set; }

    public int SourceId { get; private set; }

    public RunTrigger Trigger { get; private set; }

    public RunState State { get; private set; }

    public string? Actor { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public int Added { get; private set; }

    public int AlreadyPresent { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>Where a running pull is ("page 3"), for the live progress on the jobs page.</summary>
    public string? Progress { get; private set; }

    public string? Error { get; private set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;

    public static ImportRun Start(int sourceId, RunTrigger trigger, string? actor, DateTime now) => new()
    {
        SourceId = sourceId,
        Trigger = trigger,
        State = RunState.Running,
        Actor = actor is { Length: > ActorMaxLength } ? actor[..ActorMaxLength] : actor,
        StartedAt = now,
    };

    public void Count(int added, int alreadyPresent, int rejected, string? progress)
    {
        Added += added;
        AlreadyPresent += alreadyPresent;
        Rejected += rejected;
        Progress = progress is { Length: > ProgressMaxLength } ? progress[..ProgressMaxLength] : progress;
    }

    public void Succeed(DateTime now)
    {
        State = RunState.Succeeded;
        FinishedAt = now;
    }

    public void Fail(string error, DateTime now)
    {
        State = RunState.Failed;
        Error = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        FinishedAt = now;
    }
}
