using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "auditlog" API tag and the project logs: <c>/audit-logs</c>, <c>/auditlog-exts</c>,
/// <c>/auditlog-exts/events</c>, <c>/projects/{p}/logs</c> and <c>/projects/{p}/auditlog-exts</c>.
/// As in Harbor, the system-wide listings answer every signed-in user, limited to the projects whose
/// logs the user may read unless the user is the system admin.
/// </summary>
public static class AuditLogsApi
{
    private const string ProjectLogs = "/projects/{projectNameOrId}/logs";
    private const string ProjectLogExts = "/projects/{projectNameOrId}/auditlog-exts";

    public static RouteGroupBuilder MapAuditLogsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/audit-logs", (HttpContext c, RegistryAuthenticator a, ICatalogQueries q, IGrainFactory g) => ListAsync(c, a, q, g, AuditLogModel.Create));
        api.MapGet("/auditlog-exts", (HttpContext c, RegistryAuthenticator a, ICatalogQueries q, IGrainFactory g) => ListAsync(c, a, q, g, AuditLogExtModel.Create));
        api.MapGet("/auditlog-exts/events", EventTypesAsync);
        api.MapGet(ProjectLogs, (string projectNameOrId, HttpContext c, ProjectResolver r, IGrainFactory g) =>
            ListProjectAsync(projectNameOrId, c, r, g, AuditLogModel.Create));
        api.MapGet(ProjectLogExts, (string projectNameOrId, HttpContext c, ProjectResolver r, IGrainFactory g) =>
            ListProjectAsync(projectNameOrId, c, r, g, AuditLogExtModel.Create));
        return api;
    }

    private static async Task<IResult> ListAsync<T>(
        HttpContext context, RegistryAuthenticator authenticator, ICatalogQueries catalog, IGrainFactory grains, Func<AuditLogEntry, T> model)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Robot)
        {
            return HarborErrorResult.From(RegistryError.Denied, "robot accounts may not list the system audit log");
        }

        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, caller.Kind == CallerKind.Invalid ? "invalid credentials" : "authentication required");
        }

        if (!TryReadQuery(context.Request.Query, out var query, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        if (!caller.User.IsAdmin)
        {
            var permissions = context.RequestServices.GetRequiredService<ProjectPermissionResolver>();
            query = query with { ProjectIds = await ReadableProjectsAsync(caller, catalog, grains, permissions, context.RequestAborted) };
        }

        return await PageAsync(context, grains, query, model);
    }

    private static async Task<IResult> ListProjectAsync<T>(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, Func<AuditLogEntry, T> model)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, new Permission(RbacResources.Log, RbacActions.List));
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        if (!TryReadQuery(context.Request.Query, out var query, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        return await PageAsync(context, grains, query with { ProjectIds = [resolved.Project!.ProjectId] }, model);
    }

    private static async Task<IResult> EventTypesAsync(HttpContext context, RegistryAuthenticator authenticator)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        return caller.User.IsAdmin
            ? Results.Json(AuditEvents.EventTypes.Select(t => new AuditLogEventTypeModel(t)))
            : HarborErrorResult.From(RegistryError.Denied, "only system administrators may list audit event types");
    }

    /// <summary>page, page_size, q and sort; false with the 400 message when any is malformed.</summary>
    private static bool TryReadQuery(IQueryCollection request, out AuditLogQuery query, out string? error)
    {
        query = new AuditLogQuery([], AuditLogFields.DefaultSort, 1, HarborPaging.DefaultPageSize, null);
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out error) ||
            !HarborQueryParser.TryParse(request["q"], AuditLogFields.Filterable, out var terms, out error) ||
            !AuditLogFields.TryConvert(terms, out var filters, out error))
        {
            return false;
        }

        query = new AuditLogQuery(filters, AuditLogFields.Sorts(HarborSortParser.Parse(request["sort"], AuditLogFields.Sortable)), page, pageSize, null);
        return true;
    }

    /// <summary>
    /// The projects a non-admin may read the logs of, as Harbor's global listing filters them: those of the
    /// user's memberships (groups included) whose role holds <c>log:list</c> (Project Admin).
    /// </summary>
    private static async Task<IReadOnlyList<long>> ReadableProjectsAsync(
        RegistryCaller caller, ICatalogQueries catalog, IGrainFactory grains, ProjectPermissionResolver permissions, CancellationToken cancellationToken)
    {
        var groupIds = await permissions.GroupIdsAsync(caller, cancellationToken);
        var member = await catalog.ListProjectsAsync(
            new ProjectListQuery(ListQuery.All, new ProjectVisibility(false, caller.User!.UserId, IncludePublic: false) { MemberGroupIds = groupIds }),
            cancellationToken);
        var readable = new List<long>();
        var logList = new Permission(RbacResources.Log, RbacActions.List);
        foreach (var listing in member.Items)
        {
            var project = await grains.GetGrain<IProjectGrain>(listing.Project.Name).GetAsync();
            if (project is not null && (await permissions.ResolveAsync(caller, project, cancellationToken)).Allows(logList))
            {
                readable.Add(project.ProjectId);
            }
        }

        return readable;
    }

    private static async Task<IResult> PageAsync<T>(HttpContext context, IGrainFactory grains, AuditLogQuery query, Func<AuditLogEntry, T> model)
    {
        var page = await grains.GetGrain<IAuditLogGrain>(0).ListAsync(query);
        HarborPaging.WriteHeaders(context, page.Total, query.Page, query.PageSize);
        return Results.Json(page.Items.Select(model).ToList());
    }
}
