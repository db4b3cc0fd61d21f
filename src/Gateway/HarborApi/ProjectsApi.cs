using System.Text.Json;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>Harbor's "project" API tag: create, read and existence check (full management comes later).</summary>
public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/projects", CreateAsync);
        api.MapMethods("/projects", ["HEAD"], ExistsAsync);
        api.MapGet("/projects/{projectName}", GetAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ProjectDirectory projects)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.User is null)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "authenticate with a username and password to create projects");
        }

        ProjectReq? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<ProjectReq>(context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return HarborErrorResult.Write(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"invalid JSON body: {ex.Message}");
        }

        if (body?.ProjectName is not { Length: > 0 } name)
        {
            return HarborErrorResult.Write(StatusCodes.Status400BadRequest, "BAD_REQUEST", "project_name is required");
        }

        if (!ProjectNames.IsValid(name))
        {
            return HarborErrorResult.From(RegistryError.NameInvalid, $"project name '{name}' is invalid: use lowercase letters, digits and single '.', '_' or '-' between them");
        }

        var metadata = ReadMetadata(body);
        var result = await grains.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest(caller.User.Username, metadata));
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "project not created");
        }

        projects.Forget(name);
        context.Response.Headers.Location = $"/api/v2.0/projects/{result.Project!.ProjectId}";
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> ExistsAsync(HttpContext context, IGrainFactory grains)
    {
        var name = context.Request.Query["project_name"].ToString();
        if (name.Length == 0)
        {
            return HarborErrorResult.Write(StatusCodes.Status400BadRequest, "BAD_REQUEST", "project_name is required");
        }

        return await grains.GetGrain<IProjectGrain>(name).GetAsync() is null ? Results.NotFound() : Results.Ok();
    }

    private static async Task<IResult> GetAsync(
        string projectName, HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, ICatalogQueries catalog)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller.Kind == CallerKind.Invalid)
        {
            return HarborErrorResult.From(RegistryError.Unauthorized, "invalid credentials");
        }

        var project = ProjectNames.IsValid(projectName) ? await grains.GetGrain<IProjectGrain>(projectName).GetAsync() : null;
        if (project is null)
        {
            return HarborErrorResult.From(RegistryError.ProjectNotFound, $"project {projectName} not found");
        }

        if (!AccessPolicy.Allows(AccessPolicy.GrantedActions(caller.User, project, [AccessPolicy.Pull]), AccessPolicy.Pull))
        {
            return caller.User is null
                ? HarborErrorResult.From(RegistryError.Unauthorized, "authentication required")
                : HarborErrorResult.From(RegistryError.Denied, $"{caller.DisplayName} may not read project {projectName}");
        }

        var owner = await grains.GetGrain<IUserGrain>(project.OwnerName).GetAsync();
        var repoCount = await catalog.CountRepositoriesAsync(project.Name, context.RequestAborted);
        return Results.Json(new ProjectModel(
            project.ProjectId, owner?.UserId ?? 0, project.Name, 0, project.CreationTime, project.UpdateTime,
            false, project.OwnerName, repoCount, project.Metadata));
    }

    private static Dictionary<string, string> ReadMetadata(ProjectReq body)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Public is { } isPublic)
        {
            metadata[ProjectMetadata.Public] = isPublic ? "true" : "false";
        }

        foreach (var (key, value) in body.Metadata ?? [])
        {
            metadata[key] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
        }

        return metadata;
    }
}
