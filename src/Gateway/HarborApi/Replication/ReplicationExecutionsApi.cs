using System.Globalization;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// Harbor's replication executions: list (<c>policy_id</c>, <c>status</c>, <c>trigger</c>, paging; newest first),
/// start one by hand (<c>POST {policy_id}</c>), get, stop (<c>PUT</c>), the tasks and a task's log. Added here: retrying
/// the failed tasks of an execution, or one task (<c>POST .../retry</c>), and <c>bytes_sent</c> on each task. Harbor's
/// RequireSystemAccess on the replication resource: system administrators only.
/// </summary>
public static class ReplicationExecutionsApi
{
    private const string Executions = "/replication/executions";
    private const string Execution = Executions + "/{id}";
    private const string TaskPath = Execution + "/tasks/{task_id}";

    public static RouteGroupBuilder MapReplicationExecutionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(Executions, ListAsync);
        api.MapPost(Executions, StartAsync);
        api.MapGet(Execution, GetAsync);
        api.MapPut(Execution, StopAsync);
        api.MapGet(Execution + "/tasks", ListTasksAsync);
        api.MapGet(TaskPath + "/log", LogAsync);
        api.MapPost(Execution + "/retry", RetryAllAsync);
        api.MapPost(TaskPath + "/retry", RetryTaskAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationExecutionMetadata store)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        long? policyId = null;
        if (Single(query, "policy_id") is { } rawPolicy)
        {
            if (!long.TryParse(rawPolicy, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return HarborErrorResult.From(RegistryError.BadRequest, $"policy_id must be an integer, not '{rawPolicy}'");
            }

            policyId = parsed;
        }

        var filter = new ReplicationExecutionFilter(policyId, Single(query, "status"), Single(query, "trigger"));
        var executions = await store.ListReplicationExecutionsAsync(filter, page, pageSize, context.RequestAborted);
        HarborPaging.WriteHeaders(context, executions.Total, page, pageSize);
        return Results.Json(executions.Items.Select(ToModel));
    }

    /// <summary>Harbor's startReplication: 201 with the execution's Location; 404 unknown policy, 412 disabled, 409 one is running.</summary>
    private static async Task<IResult> StartAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<StartReplicationExecutionReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.PolicyId is not { } policyId || policyId <= 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "policy_id must be a positive integer");
        }

        var result = await grains.GetGrain<IReplicationPolicyGrain>(policyId.ToString(CultureInfo.InvariantCulture))
            .StartAsync(ReplicationTriggers.Manual, caller.DisplayName);
        switch (result.Outcome)
        {
            case ReplicationStartOutcome.Started:
                context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/v2.0{Executions}/{result.ExecutionId}");
                return Results.StatusCode(StatusCodes.Status201Created);
            case ReplicationStartOutcome.PolicyDisabled:
                return HarborErrorResult.From(RegistryError.PreconditionFailed, string.Create(CultureInfo.InvariantCulture, $"the policy {policyId} is disabled"));
            case ReplicationStartOutcome.AlreadyRunning:
                return HarborErrorResult.From(
                    RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"an execution of the policy {policyId} is still in progress"));
            default:
                return HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"policy {policyId} not found"));
        }
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationExecutionMetadata store)
    {
        var (execution, error) = await FindExecutionAsync(id, context, authenticator, store);
        return error ?? Results.Json(ToModel(execution!));
    }

    /// <summary>Harbor's stopReplication: 200 even when the execution had already ended (there is nothing left to stop).</summary>
    private static async Task<IResult> StopAsync(string id, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationExecutionMetadata store, IGrainFactory grains)
    {
        var (execution, error) = await FindExecutionAsync(id, context, authenticator, store);
        if (error is not null)
        {
            return error;
        }

        await grains.GetGrain<IReplicationExecutionGrain>(execution!.Id).StopAsync();
        return Results.Ok();
    }

    private static async Task<IResult> ListTasksAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationExecutionMetadata store, IGrainFactory grains)
    {
        var (execution, error) = await FindExecutionAsync(id, context, authenticator, store);
        if (error is not null)
        {
            return error;
        }

        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var pagingError))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, pagingError!);
        }

        var tasks = await store.ListReplicationTasksAsync(
            execution!.Id, Single(query, "status"), Single(query, "resource_type"), page, pageSize, context.RequestAborted);
        var live = await LiveBytesAsync(grains, tasks.Items);
        HarborPaging.WriteHeaders(context, tasks.Total, page, pageSize);
        return Results.Json(tasks.Items.Select(t => ToTaskModel(t, live.GetValueOrDefault(t.Id, t.BytesSent))));
    }

    private static async Task<IResult> LogAsync(
        string id, [FromRoute(Name = "task_id")] string taskId, HttpContext context, RegistryAuthenticator authenticator,
        [FromServices] IReplicationExecutionMetadata store)
    {
        var (task, error) = await FindTaskAsync(id, taskId, context, authenticator, store);
        if (error is not null)
        {
            return error;
        }

        var log = await store.GetReplicationTaskLogAsync(task!.Id, context.RequestAborted);
        return log is null ? TaskNotFound(task.ExecutionId, task.Id) : Results.Text(log, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> RetryAllAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationExecutionMetadata store, IGrainFactory grains)
    {
        var (execution, error) = await FindExecutionAsync(id, context, authenticator, store);
        if (error is not null)
        {
            return error;
        }

        var retried = await grains.GetGrain<IReplicationExecutionGrain>(execution!.Id).RetryAsync(null);
        return Results.Json(new ReplicationRetryModel(retried));
    }

    /// <summary>Queues one failed task again; 409 when the task is not Failed (still queued, running, done or stopped).</summary>
    private static async Task<IResult> RetryTaskAsync(
        string id, [FromRoute(Name = "task_id")] string taskId, HttpContext context, RegistryAuthenticator authenticator,
        [FromServices] IReplicationExecutionMetadata store, IGrainFactory grains)
    {
        var (task, error) = await FindTaskAsync(id, taskId, context, authenticator, store);
        if (error is not null)
        {
            return error;
        }

        if (task!.Status != ReplicationStatuses.Failed)
        {
            return HarborErrorResult.From(
                RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"task {task.Id} is {task.Status}; only failed tasks are retried"));
        }

        var retried = await grains.GetGrain<IReplicationExecutionGrain>(task.ExecutionId).RetryAsync(task.Id);
        return Results.Json(new ReplicationRetryModel(retried));
    }

    /// <summary>The execution <paramref name="id"/> names, after the admin check; else the 401, 403, 400 or 404 to send.</summary>
    private static async Task<(ReplicationExecutionRecord? Execution, IResult? Error)> FindExecutionAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, IReplicationExecutionMetadata store)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return (null, refused);
        }

        if (!HarborIds.TryParse(id, out var executionId))
        {
            return (null, HarborIds.Invalid("id", id));
        }

        var execution = await store.GetReplicationExecutionAsync(executionId, context.RequestAborted);
        return execution is null
            ? (null, HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"replication execution {executionId} not found")))
            : (execution, null);
    }

    /// <summary>Task <paramref name="taskId"/> when it belongs to execution <paramref name="id"/>; else the error to send.</summary>
    private static async Task<(ReplicationTaskRecord? Task, IResult? Error)> FindTaskAsync(
        string id, string taskId, HttpContext context, RegistryAuthenticator authenticator, IReplicationExecutionMetadata store)
    {
        var (execution, error) = await FindExecutionAsync(id, context, authenticator, store);
        if (error is not null)
        {
            return (null, error);
        }

        if (!HarborIds.TryParse(taskId, out var parsed))
        {
            return (null, HarborIds.Invalid("task_id", taskId));
        }

        var task = await store.GetReplicationTaskAsync(parsed, context.RequestAborted);
        return task?.ExecutionId == execution!.Id ? (task, null) : (null, TaskNotFound(execution.Id, parsed));
    }

    /// <summary>Bytes sent by the running tasks of the page, as their targets see them now.</summary>
    private static async Task<Dictionary<long, long>> LiveBytesAsync(IGrainFactory grains, IReadOnlyList<ReplicationTaskRecord> tasks)
    {
        var live = new Dictionary<long, long>();
        foreach (var target in tasks.Where(t => t.Status == ReplicationStatuses.InProgress).Select(t => t.TargetKey).Distinct())
        {
            foreach (var progress in await grains.GetGrain<IReplicationTargetGrain>(target).GetProgressAsync())
            {
                live[progress.TaskId] = progress.BytesSent;
            }
        }

        return live;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query[name] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context));

    private static IResult TaskNotFound(long executionId, long taskId) =>
        HarborErrorResult.From(
            RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"execution {executionId} contains no task with ID {taskId}"));

    private static ReplicationExecutionModel ToModel(ReplicationExecutionRecord execution) =>
        new(
            execution.Id, execution.PolicyId, execution.Status, execution.Trigger, execution.StartTime.UtcDateTime,
            execution.EndTime?.UtcDateTime ?? HarborTimes.Never, execution.StatusText, execution.Tasks.Total, execution.Tasks.Failed,
            execution.Tasks.Succeed, execution.Tasks.InProgress, execution.Tasks.Stopped);

    private static ReplicationTaskModel ToTaskModel(ReplicationTaskRecord task, long bytesSent) =>
        new(
            task.Id, task.ExecutionId, task.Status, string.Empty,
            task.Item.Operation == ReplicationOperation.Delete ? "deletion" : "copy", task.Item.ResourceType,
            Resource(task.Item.SourceRepository, task.Item), Resource(task.Item.DestinationRepository, task.Item),
            (task.StartTime ?? task.CreationTime).UtcDateTime, task.EndTime?.UtcDateTime ?? HarborTimes.Never, bytesSent, task.Attempts);

    /// <summary>Harbor's resource text: the repository with the tags copied, or with the digest when there are none.</summary>
    private static string Resource(string repository, ReplicationItem item) =>
        item.Tags.Count > 0 ? $"{repository}:[{string.Join(",", item.Tags)}]" : $"{repository}@{item.Digest}";
}
