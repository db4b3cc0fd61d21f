using System.Text.Json;
using ArtifactKeeper.Access;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Harbor's "projectMetadata" API tag: <c>/projects/{p}/metadatas</c>. Bodies are one
/// <c>{"key":"value"}</c> pair; keys and values follow <see cref="ProjectMetadataRules"/>.
/// </summary>
public static class ProjectMetadatasApi
{
    private const string All = "/projects/{projectNameOrId}/metadatas";
    private const string One = All + "/{metaName}";

    public static RouteGroupBuilder MapProjectMetadatasApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(All, ListAsync);
        api.MapPost(All, AddAsync);
        api.MapGet(One, GetAsync);
        api.MapPut(One, UpdateAsync);
        api.MapDelete(One, DeleteAsync);
        return api;
    }

    /// <remarks>
    /// Harbor asks metadata list/read here, which only project admins and maintainers hold; GET /projects/{p} shows
    /// the same metadata to anyone who may read the project, so reading it here needs no more than that.
    /// </remarks>
    private static async Task<IResult> ListAsync(string projectNameOrId, HttpContext context, ProjectResolver resolver)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ReadProject);
        return resolved.Error ?? Results.Json(resolved.Project!.Metadata);
    }

    /// <summary>A missing key answers an empty object, as Harbor's metadata manager does.</summary>
    private static async Task<IResult> GetAsync(string projectNameOrId, string metaName, HttpContext context, ProjectResolver resolver)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.ReadProject);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resolved.Project!.Metadata.TryGetValue(metaName, out var value))
        {
            found[metaName] = value;
        }

        return Results.Json(found);
    }

    private static async Task<IResult> AddAsync(
        string projectNameOrId, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ProjectDirectory projects, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.CreateMetadata);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var pair = await ReadPairAsync(context.Request, null);
        return pair.Error ?? await ApplyAsync(grains, projects, resolved, new ProjectMetadataUpdate(pair.Values!, [], OnlyNew: true), audit);
    }

    private static async Task<IResult> UpdateAsync(
        string projectNameOrId, string metaName, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ProjectDirectory projects, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.UpdateMetadata);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var pair = await ReadPairAsync(context.Request, metaName);
        return pair.Error ?? await ApplyAsync(grains, projects, resolved, new ProjectMetadataUpdate(pair.Values!, []), audit);
    }

    private static async Task<IResult> DeleteAsync(
        string projectNameOrId, string metaName, HttpContext context, ProjectResolver resolver, IGrainFactory grains, ProjectDirectory projects, ChangeAudit audit)
    {
        var resolved = await resolver.ResolveAsync(context, projectNameOrId, ProjectPermissions.DeleteMetadata);
        if (resolved.Error is not null)
        {
            return resolved.Error;
        }

        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        return await ApplyAsync(grains, projects, resolved, new ProjectMetadataUpdate(empty, [metaName]), audit);
    }

    private static async Task<IResult> ApplyAsync(
        IGrainFactory grains, ProjectDirectory projects, ResolvedProject resolved, ProjectMetadataUpdate update, ChangeAudit audit)
    {
        var project = resolved.Project!;
        var result = await grains.GetGrain<IProjectGrain>(project.Name).TryUpdateMetadataAsync(update);
        projects.Forget(project.Name);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "metadata not changed");
        }

        var keys = string.Join(", ", update.Set.Keys.Concat(update.Remove).Order(StringComparer.Ordinal));
        audit.Project(resolved.Caller, AuditEvents.Update, project.Name, project.ProjectId, $"metadata: {keys}");
        return Results.Ok();
    }

    /// <summary>
    /// The single pair of a metadata body, checked against the rules. For PUT the pair is the one named
    /// in the path (<paramref name="metaName"/>); a body without it is an invalid (empty) value, as in Harbor.
    /// </summary>
    private static async Task<(Dictionary<string, string>? Values, IResult? Error)> ReadPairAsync(HttpRequest request, string? metaName)
    {
        var body = await HarborJsonBody.ReadAsync<Dictionary<string, JsonElement>>(request);
        if (body.Error is not null)
        {
            return (null, body.Error);
        }

        var values = body.Value!;
        if (metaName is null && values.Count != 1)
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, "only allow one key/value pair"));
        }

        var key = metaName ?? values.Keys.Single();
        var text = values.TryGetValue(key, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : string.Empty;
        if (text is null)
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, $"the value of {key} must be a string"));
        }

        if (!ProjectMetadataRules.TryNormalize(key, text, out var normalized, out var error))
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, error!));
        }

        return (new Dictionary<string, string>(StringComparer.Ordinal) { [key] = normalized }, null);
    }
}
