using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Retention;

/// <summary>
/// Harbor's "Retention" API tag, runs: <c>/retentions/{id}/executions</c> (start, newest first), <c>.../{eid}</c>
/// (stop), <c>.../{eid}/tasks</c> (one per repository) and <c>.../tasks/{tid}</c> (the task's log as text). Starting
/// and stopping need <c>tag-retention</c>/<c>update</c>, listing <c>list</c>, a log <c>read</c>, as in Harbor.
/// </summary>
public static class RetentionExecutionsApi
{
    private const string Executions = "/retentions/{id}/executions";
    private const string Execution = Executions + "/{eid}";
    private const string Tasks = Execution + "/tasks";

    public static RouteGroupBuilder MapRetentionExecutionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost(Executions, StartAsync);
        api.MapGet(Executions, ListAsync);
        api.MapMethods(Execution, [HttpMethods.Patch], StopAsync);
        api.MapGet(Tasks, ListTasksAsync);
        api.MapGet(Tasks + "/{tid}", LogAsync);
        return api;
    }

    private static async Task<IResult> StartAsync(string id, HttpContext context, RetentionAccess access, IGrainFactory grains)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Update);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<RetentionExecutionReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var policyId = resolved.Policy!.Id;
        var result = await PolicyGrain(grains, policyId).TryStartExecutionAsync(RetentionTriggers.Manual, body.Value!.DryRun ?? false);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "the retention execution was not started");
        }

        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/v2.0/retentions/{policyId}/executions/{result.Execution!.Id}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string id, HttpContext context, RetentionAccess access, IRetentionMetadata store)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.List);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborPaging.TryParse(context.Request.Query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var executions = await store.ListRetentionExecutionsAsync(resolved.Policy!.Id, page, pageSize, context.RequestAborted);
        HarborPaging.WriteHeaders(context, executions.Total, page, pageSize);
        return Results.Json(executions.Items.Select(ToModel));
    }

    private static async Task<IResult> StopAsync(string id, string eid, HttpContext context, RetentionAccess access, IGrainFactory grains)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Update);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborIds.TryParse(eid, out var executionId))
        {
            return HarborIds.Invalid("eid", eid);
        }

        var body = await HarborJsonBody.ReadAsync<RetentionExecutionActionReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.Action != "stop")
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "action should be 'stop'");
        }

        var result = await PolicyGrain(grains, resolved.Policy!.Id).TryStopExecutionAsync(executionId);
        return result.Succeeded ? Results.Ok() : HarborErrorResult.From(result.Error, result.Message ?? "the retention execution was not stopped");
    }

    private static async Task<IResult> ListTasksAsync(string id, string eid, HttpContext context, RetentionAccess access, IRetentionMetadata store)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.List);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (await FindExecutionAsync(store, resolved.Policy!, eid, context) is { Error: { } missing })
        {
            return missing;
        }

        if (!HarborPaging.TryParse(context.Request.Query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var tasks = await store.ListRetentionTasksAsync(long.Parse(eid, CultureInfo.InvariantCulture), page, pageSize, context.RequestAborted);
        HarborPaging.WriteHeaders(context, tasks.Total, page, pageSize);
        return Results.Json(tasks.Items.Select(ToModel));
    }

    private static async Task<IResult> LogAsync(string id, string eid, string tid, HttpContext context, RetentionAccess access, IRetentionMetadata store)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Read);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var (execution, missing) = await FindExecutionAsync(store, resolved.Policy!, eid, context);
        if (missing is not null)
        {
            return missing;
        }

        if (!HarborIds.TryParse(tid, out var taskId))
        {
            return HarborIds.Invalid("tid", tid);
        }

        var task = await store.GetRetentionTaskAsync(taskId, context.RequestAborted);
        var log = task?.ExecutionId == execution!.Id ? await store.GetRetentionTaskLogAsync(taskId, context.RequestAborted) : null;
        return log is null
            ? HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"task {taskId} of execution {execution.Id} not found"))
            : Results.Text(log, "text/plain; charset=utf-8");
    }

    /// <summary>Execution <paramref name="eid"/> when it belongs to <paramref name="policy"/>; else the 400 or 404 to send.</summary>
    private static async Task<(RetentionExecution? Execution, IResult? Error)> FindExecutionAsync(
        IRetentionMetadata store, RetentionPolicy policy, string eid, HttpContext context)
    {
        if (!HarborIds.TryParse(eid, out var executionId))
        {
            return (null, HarborIds.Invalid("eid", eid));
        }

        var execution = await store.GetRetentionExecutionAsync(executionId, context.RequestAborted);
        return execution?.PolicyId == policy.Id
            ? (execution, null)
            : (null, HarborErrorResult.From(
                RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"project: {policy.ScopeReference}, execution id {executionId} not found")));
    }

    private static IRetentionPolicyGrain PolicyGrain(IGrainFactory grains, long policyId) =>
        grains.GetGrain<IRetentionPolicyGrain>(policyId.ToString(CultureInfo.InvariantCulture));

    private static RetentionExecutionModel ToModel(RetentionExecution execution) =>
        new(
            execution.Id, execution.PolicyId, execution.StartTime.UtcDateTime, execution.EndTime?.UtcDateTime ?? HarborTimes.Never, execution.Status,
            execution.Trigger, execution.DryRun);

    private static RetentionExecutionTaskModel ToModel(RetentionTask task) =>
        new(
            task.Id, task.ExecutionId, task.Repository, string.Empty, task.Status, RetentionStatus.Code(task.Status), 0, task.StartTime.UtcDateTime,
            task.EndTime?.UtcDateTime ?? HarborTimes.Never, task.Total, task.Retained);
}
