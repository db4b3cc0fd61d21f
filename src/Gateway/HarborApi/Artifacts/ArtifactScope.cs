using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Resolves <c>/projects/{project_name}/repositories/{repository_name}</c>: the caller's right in the project (via
/// <see cref="ProjectResolver"/>), then the repository, answering Harbor's 401/403/404 otherwise.
/// </summary>
public sealed class ArtifactScope(ProjectResolver projects, IArtifactMetadata store)
{
    public async Task<ScopedRepository> ResolveAsync(HttpContext context, string projectName, string repositorySegment, Permission required)
    {
        ArgumentNullException.ThrowIfNull(context);
        var resolved = await projects.ResolveAsync(context, projectName, required);
        if (resolved.Error is not null)
        {
            return new ScopedRepository(resolved, null, resolved.Error);
        }

        var name = RepositoryPath.FullName(resolved.Project!.Name, repositorySegment);
        var repository = name is null ? null : await store.GetRepositoryListingAsync(name, context.RequestAborted);
        return repository is null
            ? new ScopedRepository(resolved, null, HarborErrorResult.From(RegistryError.NameUnknown, $"repository {resolved.Project.Name}/{repositorySegment} not found"))
            : new ScopedRepository(resolved, repository, null);
    }

    /// <summary>
    /// <see cref="ResolveAsync"/>, then <see cref="FindAsync"/> when it resolved: the repository and the artifact, or the
    /// first of their error responses.
    /// </summary>
    public async Task<ScopedArtifact> ResolveArtifactAsync(
        HttpContext context, string projectName, string repositorySegment, string reference, Permission required)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = await ResolveAsync(context, projectName, repositorySegment, required);
        if (scope.Error is not null)
        {
            return new ScopedArtifact(scope, null, scope.Error);
        }

        var (artifact, missing) = await FindAsync(scope, reference, context.RequestAborted);
        return new ScopedArtifact(scope, artifact, missing);
    }

    /// <summary>The artifact <paramref name="reference"/> (tag or digest) names in the repository, or a 404 (400 when malformed).</summary>
    public async Task<(ArtifactRow? Artifact, IResult? Error)> FindAsync(ScopedRepository scope, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reference);
        var isDigest = OciGrammar.LooksLikeDigest(reference);
        if (isDigest ? !OciGrammar.IsValidDigest(reference) : !OciGrammar.IsValidTag(reference))
        {
            return (null, HarborErrorResult.From(RegistryError.BadRequest, $"invalid reference: {reference}"));
        }

        var artifact = await store.FindArtifactAsync(scope.Name, reference, isDigest, cancellationToken);
        return artifact is null
            ? (null, HarborErrorResult.From(RegistryError.ManifestUnknown, $"artifact {scope.Name}:{reference} not found"))
            : (artifact, null);
    }
}

/// <summary>The resolved project and repository, or the error response to send instead.</summary>
public sealed record ScopedRepository(ResolvedProject Project, RepositoryListing? Repository, IResult? Error)
{
    public string Name => Repository!.Name;
}

/// <summary>The resolved repository and the artifact a reference names in it, or the error response to send instead.</summary>
public sealed record ScopedArtifact(ScopedRepository Scope, ArtifactRow? Artifact, IResult? Error);
