using System.Globalization;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// Stands in for the replication policy grain, which another piece builds in parallel (the lead removes this at
/// integration: two grain classes must not implement one interface). Policy keys decide the outcome:
/// <see cref="Enabled"/> starts an execution (a stored row, no tasks, planning over), <see cref="Disabled"/> and
/// <see cref="Running"/> refuse, anything else is unknown.
/// </summary>
public sealed class StandInReplicationPolicyGrain(IReplicationExecutionMetadata store) : Grain, IReplicationPolicyGrain
{
    public const long Enabled = 9001;
    public const long Disabled = 9002;
    public const long Running = 9003;

    public async Task<ReplicationStartResult> StartAsync(string trigger, string? requestedBy)
    {
        switch (long.Parse(this.GetPrimaryKeyString(), CultureInfo.InvariantCulture))
        {
            case Enabled:
                var id = await store.CreateReplicationExecutionAsync(Enabled, trigger, new ReplicationRoute(null, 5, true, 0, false), DateTimeOffset.UtcNow, CancellationToken.None);
                await store.EndReplicationPlanningAsync(id, null, CancellationToken.None);
                await store.FinishReplicationExecutionAsync(id, ReplicationStatuses.Succeed, string.Empty, DateTimeOffset.UtcNow, CancellationToken.None);
                return new ReplicationStartResult(ReplicationStartOutcome.Started, id);
            case Disabled:
                return new ReplicationStartResult(ReplicationStartOutcome.PolicyDisabled, 0);
            case Running:
                return new ReplicationStartResult(ReplicationStartOutcome.AlreadyRunning, 0);
            default:
                return new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0);
        }
    }

    public Task FireAsync(string parameters, DateTimeOffset dueAt) => Task.CompletedTask;
}
