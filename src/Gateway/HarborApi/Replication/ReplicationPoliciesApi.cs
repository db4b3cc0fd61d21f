using System.Globalization;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.AspNetCore.Mvc;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// Harbor's replication policies (<c>/replication/policies</c>, <c>/replication/policies/{id}</c>), system
/// administrators only (Harbor's RequireSystemAccess on replication-policy). Names are unique (409); the remote
/// registry a policy names must exist (404, as Harbor's registry lookup answers); an enabled scheduled policy keeps its
/// cron in the scheduler (job kind <see cref="IReplicationPolicyGrain.JobKind"/>, key the policy id), and any other
/// loses it; a policy with an execution still running is not deleted (412).
/// </summary>
public static class ReplicationPoliciesApi
{
    private const string All = "/replication/policies";
    private const string One = All + "/{id}";

    private static readonly IReadOnlySet<string> QueryKeys = ReplicationPolicyFields.Filterable;

    public static RouteGroupBuilder MapReplicationPoliciesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(All, ListAsync);
        api.MapPost(All, CreateAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationPolicyMetadata policies, [FromServices] IRegistryEndpointMetadata registries)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return refused;
        }

        if (!HarborListRequest.TryRead(context.Request.Query, QueryKeys, out var list, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error);
        }

        if (ReplicationPolicyFields.Validate(list.Filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        list.AddFuzzyParameter("name", ReplicationPolicyFields.Name);
        var result = await policies.ListReplicationPoliciesAsync(list.ToListQuery(ReplicationPolicyFields.Sortable), context.RequestAborted);
        var models = new List<ReplicationPolicyModel>(result.Items.Count);
        foreach (var policy in result.Items)
        {
            models.Add(await ModelAsync(context, policy, registries));
        }

        list.WriteHeaders(context, result.Total);
        return Results.Json(models);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context,
        RegistryAuthenticator authenticator,
        [FromServices] IReplicationPolicyMetadata policies,
        [FromServices] IRegistryEndpointMetadata registries,
        IGrainFactory grains,
        TimeProvider clock)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<ReplicationPolicyReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var now = clock.GetUtcNow();
        if (!ReplicationPolicyInput.TryRead(body.Value!, 0, caller.DisplayName, now, now, out var policy, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (await MissingRegistryAsync(policy!, registries, context.RequestAborted) is { } missing)
        {
            return missing;
        }

        var created = await policies.TryCreateReplicationPolicyAsync(policy!, context.RequestAborted);
        if (created is null)
        {
            return HarborErrorResult.From(RegistryError.Conflict, $"policy {policy!.Name} already exists");
        }

        await KeepScheduleAsync(grains, created);
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/v2.0{All}/{created.Id}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IReplicationPolicyMetadata policies,
        [FromServices] IRegistryEndpointMetadata registries)
    {
        var found = await FindAsync(id, context, authenticator, policies);
        return found.Error ?? Results.Json(await ModelAsync(context, found.Policy!, registries));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        HttpContext context,
        RegistryAuthenticator authenticator,
        [FromServices] IReplicationPolicyMetadata policies,
        [FromServices] IRegistryEndpointMetadata registries,
        IGrainFactory grains,
        TimeProvider clock)
    {
        var found = await FindAsync(id, context, authenticator, policies);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var body = await HarborJsonBody.ReadAsync<ReplicationPolicyReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var existing = found.Policy!;
        if (!ReplicationPolicyInput.TryRead(body.Value!, existing.Id, existing.Creator, existing.CreationTime, clock.GetUtcNow(), out var policy, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (await MissingRegistryAsync(policy!, registries, context.RequestAborted) is { } missing)
        {
            return missing;
        }

        switch (await policies.TryUpdateReplicationPolicyAsync(policy!, context.RequestAborted))
        {
            case ReplicationPolicyChange.NotFound:
                return NotFound(existing.Id);
            case ReplicationPolicyChange.Duplicate:
                return HarborErrorResult.From(RegistryError.Conflict, $"policy {policy!.Name} already exists");
        }

        await KeepScheduleAsync(grains, policy!);
        return Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        string id,
        HttpContext context,
        RegistryAuthenticator authenticator,
        [FromServices] IReplicationPolicyMetadata policies,
        [FromServices] IReplicationExecutionMetadata executions,
        IGrainFactory grains)
    {
        var found = await FindAsync(id, context, authenticator, policies);
        if (found.Error is not null)
        {
            return found.Error;
        }

        var policy = found.Policy!;
        if (await executions.HasActiveReplicationExecutionAsync(policy.Id, context.RequestAborted))
        {
            return StillRunning(policy.Id);
        }

        // Schedule first: a firing between the two finds no policy and does nothing, whereas the other order could
        // leave a schedule without a policy. The store deletes the executions and their tasks with the policy, as
        // Harbor does, unless one started in the meantime: then the schedule is put back.
        await Scheduler(grains).RemoveAsync(Job(policy.Id));
        switch (await policies.DeleteReplicationPolicyAsync(policy.Id, context.RequestAborted))
        {
            case ReplicationPolicyDeletion.Running:
                await KeepScheduleAsync(grains, policy);
                return StillRunning(policy.Id);
            case ReplicationPolicyDeletion.NotFound:
                return NotFound(policy.Id);
            default:
                return Results.Ok();
        }
    }

    private static IResult StillRunning(long policyId) =>
        HarborErrorResult.From(
            RegistryError.PreconditionFailed,
            string.Create(CultureInfo.InvariantCulture, $"the replication policy {policyId} has executions still running; stop them first"));

    private static async Task<(ReplicationPolicy? Policy, IResult? Error)> FindAsync(
        string id, HttpContext context, RegistryAuthenticator authenticator, IReplicationPolicyMetadata policies)
    {
        if (SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context)) is { } refused)
        {
            return (null, refused);
        }

        if (!HarborIds.TryParse(id, out var policyId))
        {
            return (null, HarborIds.Invalid("id", id));
        }

        var policy = await policies.GetReplicationPolicyAsync(policyId, context.RequestAborted);
        return policy is null ? (null, NotFound(policyId)) : (policy, null);
    }

    private static async Task<IResult?> MissingRegistryAsync(ReplicationPolicy policy, IRegistryEndpointMetadata registries, CancellationToken cancellationToken)
    {
        var remote = policy.RemoteRegistryId;
        return await registries.GetRegistryEndpointAsync(remote, cancellationToken) is null
            ? HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"registry {remote} not found"))
            : null;
    }

    private static async Task<ReplicationPolicyModel> ModelAsync(HttpContext context, ReplicationPolicy policy, IRegistryEndpointMetadata registries)
    {
        var local = ReplicationPolicyInput.Local($"{context.Request.Scheme}://{context.Request.Host}");
        var remote = await registries.GetRegistryEndpointAsync(policy.RemoteRegistryId, context.RequestAborted) is { } record
            ? ReplicationPolicyInput.Remote(record.Endpoint)
            : ReplicationPolicyInput.Missing(policy.RemoteRegistryId);
        return policy.IsPushBased ? ReplicationPolicyInput.ToModel(policy, local, remote) : ReplicationPolicyInput.ToModel(policy, remote, local);
    }

    /// <summary>Harbor's IsScheduledTrigger: an enabled scheduled policy keeps its cron in the scheduler; any other has none.</summary>
    private static async Task KeepScheduleAsync(IGrainFactory grains, ReplicationPolicy policy)
    {
        if (policy.KeepsSchedule)
        {
            await Scheduler(grains).SetAsync(new ScheduleRequest(Job(policy.Id), HarborSchedule.Custom, policy.Trigger.Cron, "{}"));
        }
        else
        {
            await Scheduler(grains).RemoveAsync(Job(policy.Id));
        }
    }

    public static ScheduledJobKey Job(long policyId) => new(IReplicationPolicyGrain.JobKind, policyId.ToString(CultureInfo.InvariantCulture));

    private static ISchedulerGrain Scheduler(IGrainFactory grains) => grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);

    private static IResult NotFound(long id) =>
        HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"policy {id} not found"));
}
