using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "robot" API tag (v2 robots): create, list, read, update, refresh the secret, delete. Who may do
/// which is <see cref="RobotManagementPolicy"/>'s decision; the secret is shown on create and on a generated
/// refresh only.
/// </summary>
public static class RobotsApi
{
    private const string One = "/robots/{robotId}";
    private const string LevelKey = "Level";
    private const string ProjectIdKey = "ProjectID";

    private static readonly IReadOnlySet<string> QueryKeys =
        new HashSet<string>([LevelKey, ProjectIdKey, .. RobotFields.Filterable], StringComparer.Ordinal);

    public static RouteGroupBuilder MapRobotsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/robots", CreateAsync);
        api.MapGet("/robots", ListAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapPatch(One, RefreshSecretAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ChangeAudit audit)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SignedIn(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<RobotCreateReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var request = body.Value!;
        if (!RobotNames.IsValidName(request.Name))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "robot name is not in lower case or contains illegal characters");
        }

        var duration = request.Duration ?? 0;
        var (permissions, error) = await RobotPermissionInput.ReadAsync(request.Level, duration, request.Description, request.Permissions, grains);
        if (error is not null)
        {
            return error;
        }

        var project = request.Level == RobotLevels.Project ? await grains.GetGrain<IProjectGrain>(permissions![0].Namespace).GetAsync() : null;
        if (!await MayManageAsync(context, caller, request.Level!, project, RbacActions.Create))
        {
            return Denied(caller, "create", request.Level!, project);
        }

        if (caller.Robot is { } creator && !RobotManagementPolicy.IsWithinCreator(permissions!, creator))
        {
            return HarborErrorResult.From(RegistryError.Denied,
                $"permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: {RobotNames.Full(creator.Name)}");
        }

        var (creatorType, creatorRef) = caller.Robot is { } robot ? ("robot", robot.RobotId) : ("local", caller.User!.UserId);
        var result = await grains.GetGrain<IRobotDirectoryGrain>(0).TryCreateAsync(new CreateRobotRequest(
            request.Name!, request.Description ?? string.Empty, request.Level!, project?.Name, project?.ProjectId ?? 0, duration,
            request.Disable ?? false, permissions!, creatorType, creatorRef));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "robot not created");
        }

        var created = result.Robot!;
        audit.Robot(caller, AuditEvents.Create, RobotNames.Full(created.Name), project?.ProjectId);
        context.Response.Headers.Location = $"/api/v2.0/robots/{created.RobotId.ToString(CultureInfo.InvariantCulture)}";
        return Results.Json(
            new RobotCreated(created.RobotId, RobotNames.Full(created.Name), result.Secret!, created.CreationTime.UtcDateTime, created.ExpiresAt),
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Harbor's listing: <c>q=Level=system</c> (or no Level) lists system robots; <c>Level=project,ProjectID=n</c>
    /// the robots of project n. Other q keys (name, description, disabled) filter further.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, IRobotMetadata robots, ICatalogQueries catalog, IGrainFactory grains)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SignedIn(caller) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        if (!HarborPaging.TryParse(query, out var page, out var pageSize, out var error)
            || !HarborQueryParser.TryParse(query["q"], QueryKeys, out var parsed, out error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var filters = parsed.Where(f => RobotFields.Filterable.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var level = RobotLevels.System;
        ProjectInfo? project = null;
        if (parsed.TryGetValue(LevelKey, out var levelValue))
        {
            if (levelValue is not ExactValue { Value: RobotLevels.System or RobotLevels.Project } exact)
            {
                return HarborErrorResult.From(RegistryError.BadRequest, "bad request error level input: Level must be system or project");
            }

            level = exact.Value;
        }

        if (level == RobotLevels.Project)
        {
            var projectId = parsed.GetValueOrDefault(ProjectIdKey) ?? filters.GetValueOrDefault(RobotFields.ProjectId);
            if (projectId is null)
            {
                return HarborErrorResult.From(RegistryError.BadRequest, "must with project ID when to query project robots");
            }

            if (projectId is not ExactValue { Value: var text } || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return HarborErrorResult.From(RegistryError.BadRequest, "ProjectID must be a positive integer");
            }

            var name = await catalog.FindProjectNameAsync(id, context.RequestAborted);
            project = name is null ? null : await grains.GetGrain<IProjectGrain>(name).GetAsync();
            if (project is null)
            {
                return HarborErrorResult.From(RegistryError.ProjectNotFound, $"project {id} not found");
            }

            filters[RobotFields.ProjectId] = new ExactValue(id.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            filters[RobotFields.ProjectId] = new ExactValue("0");
        }

        if (RobotFields.Validate(filters) is { } invalid)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, invalid);
        }

        if (!await MayManageAsync(context, caller, level, project, RbacActions.List))
        {
            return Denied(caller, "list", level, project);
        }

        var result = await robots.ListRobotsAsync(
            new ListQuery(filters, HarborSortParser.Parse(query["sort"], RobotFields.Sortable), page, pageSize), context.RequestAborted);
        HarborPaging.WriteHeaders(context, result.Total, page, pageSize);
        return Results.Json(result.Items.Select(r => RobotModel.From(r.ToInfo())));
    }

    private static async Task<IResult> GetAsync(string robotId, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog)
    {
        var target = await FindAsync(robotId, context, authenticator, grains, catalog, RbacActions.Read);
        return target.Error ?? Results.Json(RobotModel.From(target.Robot!));
    }

    private static async Task<IResult> UpdateAsync(
        string robotId, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog, ChangeAudit audit)
    {
        var target = await FindAsync(robotId, context, authenticator, grains, catalog, RbacActions.Update);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var body = await HarborJsonBody.ReadAsync<RobotReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var robot = target.Robot!;
        var request = body.Value!;
        var duration = request.Duration ?? robot.Duration;
        var (permissions, error) = await RobotPermissionInput.ReadAsync(request.Level, duration, request.Description, request.Permissions, grains);
        if (error is not null)
        {
            return error;
        }

        if (request.Level != robot.Level || !string.Equals(request.Name, RobotNames.Full(robot.Name), StringComparison.Ordinal))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "cannot update the level or name of robot");
        }

        var result = await grains.GetGrain<IRobotGrain>(robot.RobotId).TryUpdateAsync(
            new UpdateRobotRequest(request.Description ?? string.Empty, duration, request.Disable ?? false, permissions!));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "robot not updated");
        }

        await RecordAsync(context, authenticator, audit, AuditEvents.Update, robot, request.Disable ?? false ? "disabled" : null);
        return Results.Ok();
    }

    private static async Task<IResult> RefreshSecretAsync(
        string robotId, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog, ChangeAudit audit)
    {
        var target = await FindAsync(robotId, context, authenticator, grains, catalog, RbacActions.Update);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var body = await HarborJsonBody.ReadAsync<RobotSec>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await grains.GetGrain<IRobotGrain>(target.Robot!.RobotId).TryRefreshSecretAsync(body.Value!.Secret);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "secret not changed");
        }

        await RecordAsync(context, authenticator, audit, AuditEvents.Update, target.Robot, "secret refreshed");
        return Results.Json(new RobotSec { Secret = result.Secret });
    }

    private static async Task<IResult> DeleteAsync(
        string robotId, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog, ChangeAudit audit)
    {
        var target = await FindAsync(robotId, context, authenticator, grains, catalog, RbacActions.Delete);
        if (target.Error is not null)
        {
            return target.Error;
        }

        if (!await grains.GetGrain<IRobotGrain>(target.Robot!.RobotId).DeleteAsync())
        {
            return HarborErrorResult.From(RegistryError.NameUnknown, $"robot {robotId} not found");
        }

        await RecordAsync(context, authenticator, audit, AuditEvents.Delete, target.Robot, null);
        return Results.Ok();
    }

    /// <summary>Records a change to <paramref name="robot"/>: project robots in their project's log, system robots in none.</summary>
    private static async Task RecordAsync(
        HttpContext context, RegistryAuthenticator authenticator, ChangeAudit audit, string operation, RobotInfo robot, string? detail)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        audit.Robot(caller, operation, RobotNames.Full(robot.Name), robot.ProjectId is > 0 ? robot.ProjectId : null, detail);
    }

    /// <summary>The robot of the path, once the caller is known to be allowed <paramref name="action"/> on it.</summary>
    private static async Task<(RobotInfo? Robot, IResult? Error)> FindAsync(
        string robotId, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog, string action)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SignedIn(caller) is { } refused)
        {
            return (null, refused);
        }

        if (!long.TryParse(robotId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, "robot_id must be a positive integer"));
        }

        var robot = await grains.GetGrain<IRobotGrain>(id).GetAsync();
        if (robot is null)
        {
            return (null, HarborErrorResult.From(RegistryError.NameUnknown, $"robot {id} not found"));
        }

        ProjectInfo? project = null;
        if (!robot.IsSystemLevel && await catalog.FindProjectNameAsync(robot.ProjectId, context.RequestAborted) is { } name)
        {
            project = await grains.GetGrain<IProjectGrain>(name).GetAsync();
        }

        return await MayManageAsync(context, caller, robot.Level, project, action)
            ? (robot, null)
            : (null, Denied(caller, action, robot.Level, project));
    }

    /// <summary>Asks <see cref="RobotManagementPolicy"/>, with the signed-in user's project permissions from the role matrix.</summary>
    private static async Task<bool> MayManageAsync(HttpContext context, RegistryCaller caller, string level, ProjectInfo? project, string action)
    {
        ProjectPermissionSet? held = null;
        if (project is not null && caller.User is { IsAdmin: false })
        {
            var resolver = context.RequestServices.GetRequiredService<ProjectPermissionResolver>();
            held = await resolver.ResolveAsync(caller, project, context.RequestAborted);
        }

        return RobotManagementPolicy.MayManage(caller.User, caller.Robot, level, project, held, action);
    }

    private static IResult? SignedIn(RegistryCaller caller) =>
        caller.User is null && caller.Robot is null
            ? HarborErrorResult.From(RegistryError.Unauthorized, caller.Kind == CallerKind.Invalid ? "invalid credentials" : "authentication required")
            : null;

    private static IResult Denied(RegistryCaller caller, string action, string level, ProjectInfo? project) =>
        HarborErrorResult.From(RegistryError.Denied, level == RobotLevels.System
            ? $"{caller.DisplayName} may not {action} system robots"
            : $"{caller.DisplayName} may not {action} robots of project {project?.Name}");
}
