using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>An artifact's references (children of an index), accessories (referrers) and additions.</summary>
public static class ArtifactExtrasApi
{
    public static RouteGroupBuilder MapArtifactExtrasApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet(ArtifactsApi.One + "/references", ReferencesAsync);
        api.MapGet(ArtifactsApi.One + "/accessories", AccessoriesAsync);
        api.MapGet(ArtifactsApi.One + "/additions/{addition}", AdditionAsync);
        return api;
    }

    private static async Task<IResult> ReferencesAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, IArtifactMetadata store)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Artifact, RbacActions.Read));
        if (failure is not null)
        {
            return failure;
        }

        var summary = ManifestSummary.Parse(artifact!.MediaType, artifact.Content);
        var children = await store.FindArtifactsAsync(scope.Name, summary.Children.Select(c => c.Digest).Distinct().ToList(), context.RequestAborted);
        return Results.Json(ArtifactAssembler.References(artifact, summary, children));
    }

    private static async Task<IResult> AccessoriesAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, ArtifactAssembler assembler)
    {
        var scope = await scopes.ResolveAsync(context, projectName, repositoryName, new Permission(RbacResources.Accessory, RbacActions.List));
        if (scope.Error is not null)
        {
            return scope.Error;
        }

        var request = context.Request.Query;
        if (!HarborPaging.TryParse(request, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var (artifact, missing) = await scopes.FindAsync(scope, reference, context.RequestAborted);
        if (missing is not null)
        {
            return missing;
        }

        // A subject has few accessories (signatures, SBOMs), so they are paged here rather than in the store.
        var accessories = await assembler.AccessoriesAsync(artifact!, context.RequestAborted);
        HarborPaging.WriteHeaders(context, accessories.Count, page, pageSize);
        return Results.Json(accessories.Skip((page - 1) * pageSize).Take(pageSize));
    }

    private static async Task<IResult> AdditionAsync(
        HttpContext context, string projectName, string repositoryName, string reference, string addition,
        ArtifactScope scopes, ArtifactAdditionReader additions)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.ArtifactAddition, RbacActions.Read));
        if (failure is not null)
        {
            return failure;
        }

        var content = await additions.ReadAsync(artifact!, addition.ToLowerInvariant(), context.RequestAborted);
        return content is null
            ? HarborErrorResult.From(RegistryError.ManifestUnknown, $"addition {addition} of artifact {scope.Name}@{artifact!.Digest} not found")
            : Results.Bytes(content.Content, content.ContentType);
    }
}
