using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "member" API tag: <c>/projects/{p}/members</c>. Who may list, read, add, change and remove members
/// follows the role matrix (member list/read/create/update/delete); the project grain owns the memberships.
/// </summary>
public static class MembersApi
{
    private const string All = "/projects/{projectNameOrId}/members";
    private const string One = All + "/{mid}";

    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(All, ListAsync);
        api.MapPost(All, CreateAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver, IProjectMemberMetadata members)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ListMembers);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborPaging.TryParse(context.Request.Query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var entityName = context.Request.Query["entityname"].ToString();
        var result = await members.ListProjectMembersAsync(resolved.Project!.ProjectId, entityName, page, pageSize, context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(ToModel));
    }

    private static async Task<IResult> GetAsync(string projectNameOrId, string mid, HttpContext context, ProjectResolver resolver, IProjectMemberMetadata members)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ReadMember);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborIds.TryParse(mid, out var memberId))
        {
            return HarborIds.Invalid("member id", mid);
        }

        var member = await members.GetProjectMemberAsync(resolved.Project!.ProjectId, memberId, context.RequestAborted);
        return member is null ? MemberNotFound(resolved.Project, memberId) : Results.Json(ToModel(member));
    }

    private static async Task<IResult> CreateAsync(
        string projectNameOrId,
        HttpContext context,
        ProjectResolver resolver,
        IGrainFactory grains,
        IProjectMemberMetadata members,
        IUserGroupMetadata groups,
        ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.CreateMember);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var body = await HarborJsonBody.ReadAsync<ProjectMemberReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var entity = await MemberEntityLookup.FindAsync(body.Value!, grains, members, groups, context.RequestAborted);
        if (entity.Error is not null)
        {
            return entity.Error;
        }

        var project = resolved.Project!;
        var result = await grains.GetGrain<IProjectGrain>(project.Name).TryAddMemberAsync(entity.Type, entity.Id, body.Value!.RoleId ?? 0);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "member not added");
        }

        await RecordAsync(audit, resolved, members, AuditEvents.Create, result.Member!, context.RequestAborted);
        context.Response.Headers.Location = string.Create(
            CultureInfo.InvariantCulture, $"/api/v2.0/projects/{project.ProjectId}/members/{result.Member!.MemberId}");
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(
        string projectNameOrId, string mid, HttpContext context, ProjectResolver resolver, IGrainFactory grains, IProjectMemberMetadata members, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.UpdateMember);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborIds.TryParse(mid, out var memberId))
        {
            return HarborIds.Invalid("member id", mid);
        }

        var body = await HarborJsonBody.ReadAsync<RoleRequest>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await grains.GetGrain<IProjectGrain>(resolved.Project!.Name).TryUpdateMemberRoleAsync(memberId, body.Value!.RoleId ?? 0);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "member not changed");
        }

        await RecordAsync(audit, resolved, members, AuditEvents.Update, result.Member!, context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        string projectNameOrId, string mid, HttpContext context, ProjectResolver resolver, IGrainFactory grains, IProjectMemberMetadata members, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.DeleteMember);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!HarborIds.TryParse(mid, out var memberId))
        {
            return HarborIds.Invalid("member id", mid);
        }

        // Read before removing: afterwards the member's name is gone with it.
        var removed = audit.IsEnabled ? await members.GetProjectMemberAsync(resolved.Project!.ProjectId, memberId, context.RequestAborted) : null;
        var result = await grains.GetGrain<IProjectGrain>(resolved.Project!.Name).TryRemoveMemberAsync(memberId);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "member not removed");
        }

        if (removed is not null)
        {
            audit.Member(resolved.Caller, AuditEvents.Delete, resolved.Project.Name, resolved.Project.ProjectId, removed.EntityName, null);
        }

        return Results.Ok();
    }

    /// <summary>Records a membership change under the member's name and new role (names are not in the grain's answer).</summary>
    private static async Task RecordAsync(
        ChangeAudit audit, ResolvedProject resolved, IProjectMemberMetadata members, string operation, ProjectMemberInfo member, CancellationToken cancellationToken)
    {
        if (!audit.IsEnabled)
        {
            return;
        }

        var project = resolved.Project!;
        var listing = await members.GetProjectMemberAsync(project.ProjectId, member.MemberId, cancellationToken);
        audit.Member(resolved.Caller, operation, project.Name, project.ProjectId, listing?.EntityName ?? $"member {member.MemberId}", ProjectRoles.NameOf(member.Role));
    }

    private static ProjectMemberEntity ToModel(ProjectMemberListing listing)
    {
        var member = listing.Member;
        return new ProjectMemberEntity(
            member.MemberId, member.ProjectId, listing.EntityName, ProjectRoles.NameOf(member.Role), (long)member.Role, member.EntityId,
            MemberEntityTypes.Code(member.EntityType));
    }

    private static IResult MemberNotFound(ProjectInfo project, long memberId) =>
        HarborErrorResult.From(RegistryError.NameUnknown, $"the project member is not found, project {project.Name}, member id {memberId}");
}
