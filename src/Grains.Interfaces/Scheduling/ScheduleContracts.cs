namespace ArtifactKeeper.Scheduling;

/// <summary>Names one scheduled job: its kind (which grain type fires) and that grain's key.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduledJobKey(string Kind, string Key)
{
    public override string ToString() => $"{Kind}/{Key}";
}

/// <summary>
/// A schedule to store: Harbor's schedule type and six-field cron (validated by <c>HarborSchedule</c>) and the
/// job's own parameters as JSON (for GC: <c>delete_untagged</c>, <c>dry_run</c>, <c>workers</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleRequest(ScheduledJobKey Job, string Type, string? Cron, string Parameters);

/// <summary>A stored schedule and when it fires next.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleEntry(
    ScheduledJobKey Job,
    string Type,
    string Cron,
    string Parameters,
    DateTimeOffset NextRunAt,
    DateTimeOffset? LastRunAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
