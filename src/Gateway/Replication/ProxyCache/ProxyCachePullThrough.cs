using ArtifactKeeper.Auth;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// What the OCI handlers call for proxy-cache projects: whether a repository is one (from the gateway's project
/// directory, so ordinary projects pay no extra grain call), push refusal, manifest resolution and blob misses.
/// </summary>
public sealed class ProxyCachePullThrough(ProjectDirectory projects, ProxyManifestSource manifests, ProxyBlobSource blobs)
{
    /// <summary>The proxy-cache target <paramref name="repository"/> names, or null for a repository of an ordinary project.</summary>
    public async ValueTask<ProxyTarget?> FindAsync(string repository)
    {
        var projectName = RegistryKeys.ProjectOf(repository);
        if (await projects.FindAsync(projectName) is not { RegistryId: { } registryId } ||
            ProxyCachePaths.UpstreamRepository(projectName, repository) is not { } upstreamRepository)
        {
            return null;
        }

        return new ProxyTarget(projectName, registryId, repository, upstreamRepository);
    }

    /// <summary>Harbor's refusal of pushes into a proxy-cache project: 403 DENIED.</summary>
    public async ValueTask<IResult?> RefusePushAsync(string repository) =>
        await FindAsync(repository) is { } target
            ? new OciErrorResult(RegistryError.Denied, $"can not push artifact to a proxy project: {target.Project}")
            : null;

    /// <summary>Null for ordinary repositories; else the cached copy, upstream's bytes or an error.</summary>
    public async Task<ProxyManifestAnswer?> ResolveManifestAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await FindAsync(request.Name) is { } target
            ? await manifests.ResolveAsync(target, request.Reference, request.Aborted)
            : null;
    }

    /// <summary>
    /// For a blob not linked to a proxy-cache repository: null once it is cached and linked (serve it locally), or the
    /// answer given (streamed from upstream, or an error). Null at once for ordinary repositories.
    /// </summary>
    public async Task<IResult?> ServeBlobMissAsync(OciRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await FindAsync(request.Name) is { } target
            ? await blobs.ServeMissAsync(request.Http, target, request.Reference)
            : null;
    }
}
