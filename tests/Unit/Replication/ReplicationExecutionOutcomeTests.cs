using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Execution;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class ReplicationExecutionOutcomeTests
{
    [Fact]
    public void All_tasks_succeeded_is_succeed() =>
        Assert.Equal((ReplicationStatuses.Succeed, string.Empty), ReplicationExecutionOutcome.Of(new ReplicationTaskCounts(3, 3, 0, 0, 0), null));

    [Fact]
    public void No_tasks_is_succeed() =>
        Assert.Equal((ReplicationStatuses.Succeed, string.Empty), ReplicationExecutionOutcome.Of(ReplicationTaskCounts.None, null));

    [Fact]
    public void Any_failed_task_fails_the_execution_with_the_counts() =>
        Assert.Equal(
            (ReplicationStatuses.Failed, "1 of 4 tasks failed, 0 stopped, 3 succeeded"),
            ReplicationExecutionOutcome.Of(new ReplicationTaskCounts(4, 3, 1, 0, 0), null));

    [Fact]
    public void A_planning_error_fails_the_execution_and_leads_the_text()
    {
        Assert.Equal((ReplicationStatuses.Failed, "listing failed"), ReplicationExecutionOutcome.Of(new ReplicationTaskCounts(1, 1, 0, 0, 0), "listing failed"));
        Assert.Equal(
            (ReplicationStatuses.Failed, "listing failed; 1 of 1 tasks failed, 0 stopped, 0 succeeded"),
            ReplicationExecutionOutcome.Of(new ReplicationTaskCounts(1, 0, 1, 0, 0), "listing failed"));
    }
}
