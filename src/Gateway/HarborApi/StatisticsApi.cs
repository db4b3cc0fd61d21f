using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "statistic" tag. Any authenticated caller gets the public project and repository counts; the system admin
/// also the totals (private = total - public) and the storage in use; a user the private projects it (or one of its
/// groups) is a member of and their repositories. Counted by the metadata store, never by activating grains.
/// </summary>
public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/statistics", GetAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, RegistryAuthenticator authenticator, ISystemQueries queries, ProjectPermissionResolver permissions)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        if (caller.User is null && caller.Robot is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authentication required");
        }

        if (caller.IsAdmin)
        {
            var all = await queries.GetStatisticsAsync(totals: true, member: null, context.RequestAborted);
            return Results.Json(new StatisticModel(
                all.TotalProjects - all.PublicProjects, all.TotalRepositories - all.PublicRepositories, all.PublicProjects, all.PublicRepositories,
                all.TotalProjects, all.TotalRepositories, all.TotalStorage));
        }

        // Harbor counts private memberships for users only; a robot sees the public counts.
        var member = caller.User is { } user ? new ProjectMember(user.UserId, await permissions.GroupIdsAsync(caller, context.RequestAborted)) : null;
        var counts = await queries.GetStatisticsAsync(totals: false, member, context.RequestAborted);
        return Results.Json(new StatisticModel(
            counts.MemberPrivateProjects, counts.MemberPrivateRepositories, counts.PublicProjects, counts.PublicRepositories, 0, 0, 0));
    }
}
