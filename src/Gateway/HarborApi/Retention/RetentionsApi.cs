using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Retention;

/// <summary>
/// Harbor's "Retention" API tag, policies: <c>/retentions/metadatas</c>, <c>/retentions</c> and
/// <c>/retentions/{id}</c>. A policy is created and deleted by its project's grain (which keeps the project's
/// <c>retention_id</c>) and changed by the policy's grain; both validate it and keep its schedule.
/// </summary>
public static class RetentionsApi
{
    private const string All = "/retentions";
    private const string One = All + "/{id}";

    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(All + "/metadatas", MetadatasAsync);
        api.MapPost(All, CreateAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        api.MapRetentionExecutionsApi();
        return api;
    }

    private static async Task<IResult> MetadatasAsync(HttpContext context, RetentionAccess access) =>
        await access.RequireSignedInAsync(context) ?? Results.Json(RetentionMetadata.Model);

    private static async Task<IResult> CreateAsync(
        HttpContext context, RetentionAccess access, ICatalogQueries catalog, IGrainFactory grains, ProjectDirectory projects)
    {
        if (await access.RequireSignedInAsync(context) is { } refused)
        {
            return refused;
        }

        var read = await ReadPolicyAsync(context.Request, requireScope: true);
        if (read.Error is not null)
        {
            return read.Error;
        }

        var policy = read.Policy!;
        if (policy.ScopeLevel != RetentionPolicy.ProjectScope)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"scope level '{policy.ScopeLevel}' is not supported; use project");
        }

        // Harbor answers an unknown project in the scope as a bad request, not as a missing resource.
        if (policy.ScopeReference <= 0 || await catalog.FindProjectNameAsync(policy.ScopeReference, context.RequestAborted) is null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"invalid Project id {policy.ScopeReference}"));
        }

        var resolved = await access.ResolveProjectAsync(context, policy.ScopeReference, RbacActions.Create);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var result = await grains.GetGrain<IProjectRetentionGrain>(resolved.Project!.Name).TryCreateRetentionPolicyAsync(policy);
        projects.Forget(resolved.Project.Name);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "the retention policy was not created");
        }

        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/v2.0/retentions/{result.Policy!.Id}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, RetentionAccess access)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Read);
        return resolved.Error ?? Results.Json(RetentionPolicyInput.ToModel(resolved.Policy!));
    }

    /// <remarks>The scope never changes: a body naming another project is refused as Harbor does (the id does not match that project's policy).</remarks>
    private static async Task<IResult> UpdateAsync(string id, HttpContext context, RetentionAccess access, IGrainFactory grains)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Update);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var current = resolved.Policy!;
        var read = await ReadPolicyAsync(context.Request, requireScope: false);
        if (read.Error is not null)
        {
            return read.Error;
        }

        if (read.Policy!.ScopeReference is > 0 and var scope && scope != current.ScopeReference)
        {
            return HarborErrorResult.From(
                RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"the retention policy id {current.Id} does not match project {scope}"));
        }

        var result = await grains.GetGrain<IRetentionPolicyGrain>(current.Id.ToString(CultureInfo.InvariantCulture)).TryUpdateAsync(read.Policy with { Id = current.Id });
        return result.Succeeded ? Results.Ok() : HarborErrorResult.From(result.Error, result.Message ?? "the retention policy was not updated");
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, RetentionAccess access, IGrainFactory grains, ProjectDirectory projects)
    {
        var resolved = await access.ResolvePolicyAsync(context, id, RbacActions.Delete);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var project = resolved.Project!.Project!.Name;
        var result = await grains.GetGrain<IProjectRetentionGrain>(project).TryDeleteRetentionPolicyAsync(resolved.Policy!.Id);
        projects.Forget(project);
        return result.Succeeded ? Results.Ok() : HarborErrorResult.From(result.Error, result.Message ?? "the retention policy was not deleted");
    }

    private static async Task<(RetentionPolicy? Policy, IResult? Error)> ReadPolicyAsync(HttpRequest request, bool requireScope)
    {
        var body = await HarborJsonBody.ReadAsync<RetentionPolicyReq>(request);
        if (body.Error is not null)
        {
            return (null, body.Error);
        }

        return RetentionPolicyInput.TryRead(body.Value!, requireScope, out var policy, out var error)
            ? (policy, null)
            : (null, HarborErrorResult.From(RegistryError.BadRequest, error!));
    }
}
