using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Configuration;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.HarborApi.Scanning;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's "project" API tag: list, existence, create, read, update, delete, deletable, summary.</summary>
public static class ProjectsApi
{
    private const string One = "/projects/{projectNameOrId}";

    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/projects", ListAsync);
        api.MapMethods("/projects", ["HEAD"], ExistsAsync);
        api.MapPost("/projects", CreateAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        api.MapGet(One + "/_deletable", DeletableAsync);
        api.MapGet(One + "/summary", SummaryAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, RegistryAuthenticator authenticator, ICatalogQueries catalog, ProjectPermissionResolver permissions)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        var request = context.Request.Query;
        if (!HarborListRequest.TryRead(request, ProjectFields.Filterable, out var list, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error);
        }

        var filters = list.Filters;
        list.AddFuzzyParameter("name", ProjectFields.Name);
        if (request["owner"].ToString() is { Length: > 0 } owner)
        {
            filters[ProjectFields.Owner] = new ExactValue(owner);
        }

        if (request["public"].ToString() is { Length: > 0 } isPublic)
        {
            filters[ProjectFields.Public] = new ExactValue(isPublic);
        }

        if (ProjectFields.Validate(filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        var visibility = Visibility(caller.User, filters) with { MemberGroupIds = await permissions.GroupIdsAsync(caller, context.RequestAborted) };
        var result = await catalog.ListProjectsAsync(new ProjectListQuery(list.ToListQuery(ProjectFields.Sortable), visibility), context.RequestAborted);
        list.WriteHeaders(context, result.Total);
        return Results.Json(result.Items.Select(l => ProjectModel.Create(
            l.Project.ProjectId, l.OwnerId, l.Project.Name, l.Project.CreationTime, l.Project.UpdateTime, l.Project.OwnerName, l.RepoCount, l.Project.Metadata)
            with { RegistryId = l.RegistryId ?? 0 }));
    }

    /// <summary>
    /// Harbor's listing rule: the admin sees every project; a signed-in user public ones (unless asking
    /// for public=false) plus those it or one of its groups is a member of; anyone else public ones only.
    /// </summary>
    private static ProjectVisibility Visibility(UserInfo? user, Dictionary<string, QueryValue> filters)
    {
        if (user is null)
        {
            return ProjectVisibility.PublicOnly;
        }

        if (user.IsAdmin)
        {
            return ProjectVisibility.All;
        }

        var onlyPrivate = filters.TryGetValue(ProjectFields.Public, out var value) &&
            value is ExactValue { Value: var flag } && ProjectMetadataRules.TryParseBool(flag, out var wantsPublic) && !wantsPublic;
        return new ProjectVisibility(false, user.UserId, IncludePublic: !onlyPrivate);
    }

    private static async Task<IResult> ExistsAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null && caller.Robot is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        var name = context.Request.Query["project_name"].ToString();
        if (name.Length == 0)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "project_name is required");
        }

        var exists = ProjectNames.IsValid(name) && await grains.GetGrain<IProjectGrain>(name).GetAsync() is not null;
        return exists ? Results.Ok() : HarborErrorResult.From(RegistryError.ProjectNotFound, $"project {name} not found");
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ProjectDirectory projects, SystemSettings settings,
        ChangeAudit audit, ProjectCveAllowlists allowlists, ProxyCacheProjects proxyCache)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Robot is not null)
        {
            return HarborErrorResult.From(RegistryError.Denied, "robot accounts may not create projects");
        }

        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authenticate with a username and password to create projects");
        }

        var system = await settings.GetAsync(context.RequestAborted);
        if (!caller.User.IsAdmin && system.ProjectCreationRestriction == ProjectCreationRestriction.AdminOnly)
        {
            return HarborErrorResult.From(RegistryError.Denied, "only system administrators may create projects");
        }

        var body = await HarborJsonBody.ReadAsync<ProjectReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.ProjectName is not { Length: > 0 } name)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "project_name is required");
        }

        if (!ProjectNames.IsValid(name))
        {
            return HarborErrorResult.From(RegistryError.NameInvalid, $"project name '{name}' is invalid: use lowercase letters, digits and single '.', '_' or '-' between them");
        }

        if (await proxyCache.CheckAsync(body.Value.RegistryId, caller.User, context.RequestAborted) is { } refused)
        {
            return refused;
        }

        if (!ProjectRequestMetadata.TryRead(body.Value, out var metadata, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (!ProjectStorageLimit.TryResolve(body.Value.StorageLimit, caller.User.IsAdmin, system.StoragePerProject, out var storageLimit, out error) ||
            !allowlists.TryRead(body.Value.CveAllowlist, caller, out var allowlist, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var result = await grains.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest(caller.User.Username, metadata, storageLimit, body.Value.RegistryId));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "project not created");
        }

        projects.Forget(name);
        audit.Project(caller, AuditEvents.Create, name, result.Project!.ProjectId);
        if (await allowlists.ApplyAsync(caller, name, allowlist) is { } notSet)
        {
            return notSet;
        }

        context.Response.Headers.Location = $"/api/v2.0/projects/{result.Project!.ProjectId}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ICatalogQueries catalog, ProjectCveAllowlists allowlists)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ReadProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var project = resolved.Project!;
        var owner = await grains.GetGrain<IUserGrain>(project.OwnerName).GetAsync();
        var repoCount = await catalog.CountRepositoriesAsync(project.Name, context.RequestAborted);
        return Results.Json(ProjectModel.Create(
            project.ProjectId, owner?.UserId ?? 0, project.Name, project.CreationTime, project.UpdateTime, project.OwnerName, repoCount, project.Metadata)
            with { RegistryId = project.RegistryId ?? 0, CveAllowlist = await allowlists.ShowAsync(project) });
    }

    private static async Task<IResult> UpdateAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ProjectDirectory projects, ChangeAudit audit,
        ProjectCveAllowlists allowlists)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.UpdateProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<ProjectReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!ProjectRequestMetadata.TryRead(body.Value!, out var metadata, out var error) ||
            !allowlists.TryRead(body.Value!.CveAllowlist, resolved.Caller, out var allowlist, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var name = resolved.Project!.Name;
        var result = await grains.GetGrain<IProjectGrain>(name).TryUpdateMetadataAsync(new ProjectMetadataUpdate(metadata, []));
        projects.Forget(name);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "project not updated");
        }

        audit.Project(resolved.Caller, AuditEvents.Update, name, resolved.Project!.ProjectId);
        return await allowlists.ApplyAsync(resolved.Caller, name, allowlist) ?? Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ProjectDirectory projects, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.DeleteProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var name = resolved.Project!.Name;
        var result = await grains.GetGrain<IProjectGrain>(name).TryDeleteAsync();
        projects.Forget(name);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "project not deleted");
        }

        audit.Project(resolved.Caller, AuditEvents.Delete, name, resolved.Project!.ProjectId);
        return Results.Ok();
    }

    private static async Task<IResult> DeletableAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver, ICatalogQueries catalog)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.DeleteProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var repoCount = await catalog.CountRepositoriesAsync(resolved.Project!.Name, context.RequestAborted);
        return Results.Json(repoCount == 0
            ? new ProjectDeletable(true, string.Empty)
            : new ProjectDeletable(false, "the project contains repositories, can not be deleted"));
    }

    private static async Task<IResult> SummaryAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, ICatalogQueries catalog, IGrainFactory grains)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ReadProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var summary = new ProjectSummary(await catalog.CountRepositoriesAsync(resolved.Project!.Name, context.RequestAborted));
        if (resolved.Permissions.Allows(ProjectPermissions.ListMembers))
        {
            var members = await grains.GetGrain<IProjectGrain>(resolved.Project.Name).GetMembersAsync();
            long Count(ProjectRole role) => members.Count(m => m.Role == role);
            summary = summary with
            {
                ProjectAdminCount = Count(ProjectRole.ProjectAdmin),
                MaintainerCount = Count(ProjectRole.Maintainer),
                DeveloperCount = Count(ProjectRole.Developer),
                GuestCount = Count(ProjectRole.Guest),
                LimitedGuestCount = Count(ProjectRole.LimitedGuest),
            };
        }

        // Harbor shows the quota to whoever may read the project's quota (every role, and system administrators).
        if (resolved.Permissions.Allows(new Permission(RbacResources.Quota, RbacActions.Read)) &&
            await grains.GetGrain<IProjectQuotaGrain>(resolved.Project.Name).GetAsync() is { } quota)
        {
            summary = summary with { Quota = new ProjectSummaryQuota(new StorageResources(quota.Hard), new StorageResources(quota.Used)) };
        }

        return Results.Json(summary);
    }
}
