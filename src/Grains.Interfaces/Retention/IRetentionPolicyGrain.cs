using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Retention;

/// <summary>
/// One retention policy (key: its id in invariant digits): changes to it, and its executions, one at a time, fanned
/// out to the repositories of its project. A schedule fires it through <see cref="IScheduledJobGrain.FireAsync"/>
/// (job kind <see cref="JobKind"/>), which starts a real (not dry) run with trigger Schedule.
/// </summary>
[Alias("retention.policy")]
public interface IRetentionPolicyGrain : IScheduledJobGrain
{
    /// <summary>The scheduler's job kind of retention policies.</summary>
    public const string JobKind = "retention";

    /// <summary>Validates and stores new algorithm, rules and trigger (BadRequest, Conflict, NameUnknown), and reschedules.</summary>
    [Alias("try-update")]
    Task<RetentionPolicyResult> TryUpdateAsync(RetentionPolicy policy);

    /// <summary>Starts an execution and answers it while it runs (NameUnknown, Conflict while another one runs).</summary>
    [Alias("try-start")]
    Task<RetentionExecutionResult> TryStartExecutionAsync(string trigger, bool dryRun);

    /// <summary>Stops execution <paramref name="executionId"/> of this policy (NameUnknown; a finished one is left as it is).</summary>
    [Alias("try-stop")]
    Task<RetentionExecutionResult> TryStopExecutionAsync(long executionId);
}

/// <summary>
/// The project's side of retention (implemented by the project grain, key: project name): its one policy, whose id
/// it keeps in the project metadata <c>retention_id</c>.
/// </summary>
[Alias("retention.project")]
public interface IProjectRetentionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and stores the project's policy, sets <c>retention_id</c> and the schedule (BadRequest, Conflict,
    /// ProjectNotFound; BadRequest when the project already has a policy, as Harbor answers).
    /// </summary>
    [Alias("try-create-retention")]
    Task<RetentionPolicyResult> TryCreateRetentionPolicyAsync(RetentionPolicy policy);

    /// <summary>Deletes the project's policy <paramref name="policyId"/> with its history, schedule and <c>retention_id</c> (NameUnknown).</summary>
    [Alias("try-delete-retention")]
    Task<RetentionPolicyResult> TryDeleteRetentionPolicyAsync(long policyId);
}

/// <summary>Outcome of a policy change; <see cref="Policy"/> is the stored policy afterwards.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionPolicyResult(ArtifactKeeper.Registry.RegistryError Error, string? Message, RetentionPolicy? Policy)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}

/// <summary>Outcome of starting or stopping an execution.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionExecutionResult(ArtifactKeeper.Registry.RegistryError Error, string? Message, RetentionExecution? Execution)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}
