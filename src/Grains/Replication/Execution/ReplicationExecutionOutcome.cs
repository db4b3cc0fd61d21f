using System.Globalization;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>How an execution whose tasks have all ended ends: Succeed when all succeeded, else Failed with the counts.</summary>
public static class ReplicationExecutionOutcome
{
    public static (string Status, string Text) Of(ReplicationTaskCounts tasks, string? planningError)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var failedTasks = tasks.Failed > 0 || tasks.Stopped > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{tasks.Failed} of {tasks.Total} tasks failed, {tasks.Stopped} stopped, {tasks.Succeed} succeeded")
            : null;
        if (planningError is not null)
        {
            return (ReplicationStatuses.Failed, failedTasks is null ? planningError : $"{planningError}; {failedTasks}");
        }

        return failedTasks is null ? (ReplicationStatuses.Succeed, string.Empty) : (ReplicationStatuses.Failed, failedTasks);
    }
}
