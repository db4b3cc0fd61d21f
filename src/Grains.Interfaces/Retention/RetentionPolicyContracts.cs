namespace ArtifactKeeper.Retention;

/// <summary>
/// A stored tag retention policy in Harbor's terms: scope (<c>project</c> and the project id), algorithm
/// (<c>or</c>), rules and trigger. One project has at most one policy; its id is the project's <c>retention_id</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionPolicy(
    long Id,
    string ScopeLevel,
    long ScopeReference,
    string Algorithm,
    IReadOnlyList<RetentionRule> Rules,
    RetentionTrigger Trigger,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Harbor's only scope level.</summary>
    public const string ProjectScope = "project";

    /// <summary>Harbor's only algorithm: a candidate is kept when any rule retains it.</summary>
    public const string OrAlgorithm = "or";
}

/// <summary>
/// Harbor's retention trigger: kind <c>Schedule</c> with a six-field <see cref="Cron"/> (empty: runs only when
/// started by hand).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionTrigger(string Kind, string Cron)
{
    public const string ScheduleKind = "Schedule";

    public bool IsScheduled => Cron.Length > 0;
}

/// <summary>Harbor's execution and task statuses (its task manager's names).</summary>
public static class RetentionStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Success = "Success";
    public const string Error = "Error";
    public const string Stopped = "Stopped";

    public static bool IsFinal(string status) => status is Success or Error or Stopped;

    /// <summary>Harbor's <c>status_code</c>: 0 pending, 2 running, 3 for every final status.</summary>
    public static int Code(string status) => status switch
    {
        Pending => 0,
        Running => 2,
        _ => 3,
    };
}

/// <summary>How an execution was started (Harbor's <c>trigger</c> field).</summary>
public static class RetentionTriggers
{
    public const string Manual = "Manual";
    public const string Schedule = "Schedule";
}

/// <summary>One run of a policy over its project's repositories.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionExecution(
    long Id, long PolicyId, string Status, string Trigger, bool DryRun, DateTimeOffset StartTime, DateTimeOffset? EndTime);

/// <summary>The part of an execution that covered one repository: its totals; the log is read separately.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionTask(
    long Id, long ExecutionId, string Repository, string Status, int Total, int Retained, DateTimeOffset StartTime, DateTimeOffset? EndTime);
