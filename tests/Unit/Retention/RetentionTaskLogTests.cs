using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionTaskLogTests
{
    private static readonly DateTimeOffset At = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static readonly RetentionRepositoryResult Result = new(
        "lib/app",
        5,
        2,
        [
            new RetentionAction("sha256:a", "v2", RetentionActionKind.Retained, "rule 1 (latestPushedK 1)"),
            new RetentionAction("sha256:a", "old-name", RetentionActionKind.TagDeleted, "no rule retains it"),
            new RetentionAction("sha256:b", "v1", RetentionActionKind.ArtifactDeleted, "no rule retains it"),
            new RetentionAction("sha256:b", "v1.0", RetentionActionKind.ArtifactDeleted, "no rule retains it"),
            new RetentionAction("sha256:c", "v0", RetentionActionKind.Skipped, "immutable"),
        ]);

    [Fact]
    public void Format_lists_totals_and_every_decision_with_its_reason()
    {
        var lines = RetentionTaskLog.Format(Result, dryRun: false).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("Repository lib/app", lines[0]);
        Assert.Equal("Total 5, retained 2", lines[1]);
        Assert.Equal(5, lines.Length - 3);
        Assert.Matches(@"^RETAINED\s+v2\s+sha256:a\s+rule 1 \(latestPushedK 1\)$", lines[3]);
        Assert.Matches(@"^TAG-DELETED\s+old-name\s+sha256:a\s+no rule retains it$", lines[4]);
        Assert.Matches(@"^DELETED\s+v1\s+sha256:b", lines[5]);
        Assert.Matches(@"^SKIPPED\s+v0\s+sha256:c\s+immutable$", lines[7]);
    }

    [Fact]
    public void A_dry_run_log_says_so_and_names_what_would_happen()
    {
        var log = RetentionTaskLog.Format(Result, dryRun: true);

        Assert.StartsWith("Repository lib/app (dry run: nothing was deleted)\n", log, StringComparison.Ordinal);
        Assert.Contains("WOULD-UNTAG", log, StringComparison.Ordinal);
        Assert.Contains("WOULD-DELETE", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_events_record_each_deleted_tag_and_each_deleted_artifact_once_as_retention()
    {
        var events = RetentionTaskLog.AuditEvents(Result, dryRun: false, policyId: 3, executionId: 9, projectId: 4, At);

        Assert.Equal(
            [
                ("lib/app:old-name", "tag", "delete tag: lib/app:old-name by retention policy 3, execution 9"),
                ("lib/app@sha256:b", "artifact", "delete artifact: lib/app@sha256:b (tags v1, v1.0) by retention policy 3, execution 9"),
            ],
            events.Select(e => (e.Resource, e.ResourceType, e.Description!)));
        Assert.All(events, e => Assert.Equal(("retention", "delete", true, At, (long?)4), (e.Username, e.Operation, e.Succeeded, e.OpTime, e.ProjectId)));
        Assert.Empty(RetentionTaskLog.AuditEvents(Result, dryRun: true, 3, 9, 4, At));
    }
}
