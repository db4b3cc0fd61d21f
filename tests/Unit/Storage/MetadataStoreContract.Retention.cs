using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Tag retention policies, executions and tasks, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static RetentionPolicy RetentionPolicyOf(long projectId, string cron = "") =>
        new(
            0, RetentionPolicy.ProjectScope, projectId, RetentionPolicy.OrAlgorithm,
            [
                new RetentionRule(
                    1, 0, false, "retain", "latestPushedK", new Dictionary<string, string> { ["latestPushedK"] = "10" },
                    [new RetentionSelector("doublestar", "matches", "v*", null)],
                    [new RetentionSelector("doublestar", "repoMatches", "**", null)]),
                new RetentionRule(
                    2, 1, true, "retain", "always", new Dictionary<string, string>(),
                    [new RetentionSelector("doublestar", "excludes", "tmp-é", """{"untagged":true}""")],
                    [new RetentionSelector("doublestar", "repoExcludes", "scratch/**", null)]),
            ],
            new RetentionTrigger(RetentionTrigger.ScheduleKind, cron),
            T0,
            T0);

    private static void AssertSamePolicy(RetentionPolicy expected, RetentionPolicy actual)
    {
        Assert.Equal((expected.Id, expected.ScopeLevel, expected.ScopeReference, expected.Algorithm, expected.Trigger),
            (actual.Id, actual.ScopeLevel, actual.ScopeReference, actual.Algorithm, actual.Trigger));
        Assert.Equal(expected.Rules.Count, actual.Rules.Count);
        for (var i = 0; i < expected.Rules.Count; i++)
        {
            var (e, a) = (expected.Rules[i], actual.Rules[i]);
            Assert.Equal((e.Id, e.Priority, e.Disabled, e.Action, e.Template), (a.Id, a.Priority, a.Disabled, a.Action, a.Template));
            Assert.Equal(e.Parameters.OrderBy(p => p.Key), a.Parameters.OrderBy(p => p.Key));
            Assert.Equal(e.TagSelectors, a.TagSelectors);
            Assert.Equal(e.RepositorySelectors, a.RepositorySelectors);
        }
    }

    [Fact]
    public async Task CreateRetentionPolicy_then_get_and_find_return_every_field()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("keep", "owner", Private, T0, Ct);
        var policy = RetentionPolicyOf(project!.ProjectId, "0 0 0 * * *");

        var created = await store.TryCreateRetentionPolicyAsync(policy, T0, Ct);
        var other = await CreateStoreAsync();

        Assert.NotNull(created);
        Assert.True(created.Id > 0);
        AssertSamePolicy(policy with { Id = created.Id }, created);
        AssertSamePolicy(created, (await other.GetRetentionPolicyAsync(created.Id, Ct))!);
        AssertSamePolicy(created, (await other.FindRetentionPolicyOfProjectAsync(project.ProjectId, Ct))!);
        Assert.Equal(T0, created.CreatedAt);
    }

    [Fact]
    public async Task CreateRetentionPolicy_is_refused_for_a_missing_project_or_a_second_policy()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("once", "owner", Private, T0, Ct);
        var first = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);

        Assert.Null(await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(424242), T0, Ct));
        Assert.Null(await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project.ProjectId, "0 0 * * * *"), T0, Ct));
        Assert.Null(await store.FindRetentionPolicyOfProjectAsync(424242, Ct));
        AssertSamePolicy(first!, (await store.FindRetentionPolicyOfProjectAsync(project.ProjectId, Ct))!);
    }

    [Fact]
    public async Task UpdateRetentionPolicy_replaces_rules_and_trigger_but_not_the_scope()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("change", "owner", Private, T0, Ct);
        var created = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);
        var changed = created! with { Rules = [created.Rules[1]], Trigger = new RetentionTrigger("Schedule", "0 0 1 * * *"), ScopeReference = 999 };

        var updated = await store.UpdateRetentionPolicyAsync(changed, T0.AddHours(1), Ct);

        AssertSamePolicy(changed with { ScopeReference = project.ProjectId }, updated!);
        Assert.Equal(T0.AddHours(1), updated!.UpdatedAt);
        AssertSamePolicy(updated, (await store.GetRetentionPolicyAsync(created.Id, Ct))!);
        Assert.Null(await store.UpdateRetentionPolicyAsync(changed with { Id = 424242 }, T0, Ct));
    }

    [Fact]
    public async Task DeleteRetentionPolicy_removes_it_with_its_executions_and_tasks()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("gone", "owner", Private, T0, Ct);
        var policy = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);
        var execution = await store.CreateRetentionExecutionAsync(policy!.Id, RetentionTriggers.Manual, false, T0, Ct);
        var task = await store.CreateRetentionTaskAsync(execution.Id, "gone/app", T0, Ct);

        Assert.True(await store.DeleteRetentionPolicyAsync(policy.Id, Ct));

        Assert.False(await store.DeleteRetentionPolicyAsync(policy.Id, Ct));
        Assert.Null(await store.GetRetentionPolicyAsync(policy.Id, Ct));
        Assert.Null(await store.GetRetentionExecutionAsync(execution.Id, Ct));
        Assert.Null(await store.GetRetentionTaskAsync(task.Id, Ct));
        Assert.NotNull(await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project.ProjectId), T0, Ct));
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_retention_policy()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("short", "owner", Private, T0, Ct);
        var policy = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);

        await store.TryDeleteProjectAsync("short", Ct);

        Assert.Null(await store.GetRetentionPolicyAsync(policy!.Id, Ct));
    }

    [Fact]
    public async Task RetentionExecutions_are_listed_newest_first_in_pages_and_finish_with_an_end_time()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("runs", "owner", Private, T0, Ct);
        var policy = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);
        var executions = new List<RetentionExecution>();
        for (var i = 0; i < 3; i++)
        {
            executions.Add(await store.CreateRetentionExecutionAsync(policy!.Id, i == 0 ? RetentionTriggers.Schedule : RetentionTriggers.Manual, i == 1, T0.AddMinutes(i), Ct));
        }

        Assert.True(await store.UpdateRetentionExecutionAsync(executions[0].Id, RetentionStatus.Success, T0.AddHours(1), Ct));
        Assert.False(await store.UpdateRetentionExecutionAsync(424242, RetentionStatus.Success, T0, Ct));
        var first = await store.ListRetentionExecutionsAsync(policy!.Id, 1, 2, Ct);
        var second = await store.ListRetentionExecutionsAsync(policy.Id, 2, 2, Ct);
        var done = await store.GetRetentionExecutionAsync(executions[0].Id, Ct);

        Assert.Equal(3, first.Total);
        Assert.Equal([executions[2].Id, executions[1].Id], first.Items.Select(e => e.Id));
        Assert.Equal(new RetentionExecution(executions[1].Id, policy.Id, RetentionStatus.Running, RetentionTriggers.Manual, true, T0.AddMinutes(1), null), first.Items[1]);
        Assert.Equal([executions[0].Id], second.Items.Select(e => e.Id));
        Assert.Equal(new RetentionExecution(executions[0].Id, policy.Id, RetentionStatus.Success, RetentionTriggers.Schedule, false, T0, T0.AddHours(1)), done);
    }

    [Fact]
    public async Task RetentionTasks_keep_totals_and_log_and_are_listed_in_id_order()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("tasks", "owner", Private, T0, Ct);
        var policy = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(project!.ProjectId), T0, Ct);
        var execution = await store.CreateRetentionExecutionAsync(policy!.Id, RetentionTriggers.Manual, false, T0, Ct);
        var a = await store.CreateRetentionTaskAsync(execution.Id, "tasks/a", T0, Ct);
        var b = await store.CreateRetentionTaskAsync(execution.Id, "tasks/b", T0, Ct);

        Assert.True(await store.FinishRetentionTaskAsync(a.Id, RetentionStatus.Success, 100, 10, "deleted v1 ✓\nretained v2\n", T0.AddSeconds(5), Ct));
        Assert.False(await store.FinishRetentionTaskAsync(424242, RetentionStatus.Success, 1, 1, "x", T0, Ct));
        var page = await store.ListRetentionTasksAsync(execution.Id, 1, 10, Ct);

        Assert.Equal(new RetentionTask(b.Id, execution.Id, "tasks/b", RetentionStatus.Running, 0, 0, T0, null), b);
        Assert.Equal(2, page.Total);
        Assert.Equal(new RetentionTask(a.Id, execution.Id, "tasks/a", RetentionStatus.Success, 100, 10, T0, T0.AddSeconds(5)), page.Items[0]);
        Assert.Equal(b, page.Items[1]);
        Assert.Equal("deleted v1 ✓\nretained v2\n", await store.GetRetentionTaskLogAsync(a.Id, Ct));
        Assert.Equal(string.Empty, await store.GetRetentionTaskLogAsync(b.Id, Ct));
        Assert.Null(await store.GetRetentionTaskLogAsync(424242, Ct));
        Assert.Empty((await store.ListRetentionTasksAsync(424242, 1, 10, Ct)).Items);
    }

    [Fact]
    public async Task FailUnfinishedRetentionExecutions_marks_only_that_policys_running_work_as_Error()
    {
        var store = await StoreAsync();
        var mine = await store.TryCreateProjectAsync("crash", "owner", Private, T0, Ct);
        var theirs = await store.TryCreateProjectAsync("fine", "owner", Private, T0, Ct);
        var policy = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(mine!.ProjectId), T0, Ct);
        var other = await store.TryCreateRetentionPolicyAsync(RetentionPolicyOf(theirs!.ProjectId), T0, Ct);
        var finished = await store.CreateRetentionExecutionAsync(policy!.Id, RetentionTriggers.Manual, false, T0, Ct);
        await store.UpdateRetentionExecutionAsync(finished.Id, RetentionStatus.Success, T0, Ct);
        var running = await store.CreateRetentionExecutionAsync(policy.Id, RetentionTriggers.Manual, false, T0, Ct);
        var task = await store.CreateRetentionTaskAsync(running.Id, "crash/app", T0, Ct);
        var elsewhere = await store.CreateRetentionExecutionAsync(other!.Id, RetentionTriggers.Manual, false, T0, Ct);

        Assert.Equal(1, await store.FailUnfinishedRetentionExecutionsAsync(policy.Id, "the silo stopped\n", T0.AddMinutes(1), Ct));

        Assert.Equal(RetentionStatus.Success, (await store.GetRetentionExecutionAsync(finished.Id, Ct))!.Status);
        Assert.Equal((RetentionStatus.Error, (DateTimeOffset?)T0.AddMinutes(1)), ((await store.GetRetentionExecutionAsync(running.Id, Ct))!.Status, (await store.GetRetentionExecutionAsync(running.Id, Ct))!.EndTime));
        Assert.Equal(RetentionStatus.Error, (await store.GetRetentionTaskAsync(task.Id, Ct))!.Status);
        Assert.Equal("the silo stopped\n", await store.GetRetentionTaskLogAsync(task.Id, Ct));
        Assert.Equal(RetentionStatus.Running, (await store.GetRetentionExecutionAsync(elsewhere.Id, Ct))!.Status);
    }
}
