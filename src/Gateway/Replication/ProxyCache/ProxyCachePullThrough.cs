using System.Globalization;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// What the OCI handlers call for proxy-cache projects: whether a repository is one (from the gateway's project
/// directory, so ordinary projects pay no extra grain call), push refusal, manifest resolution and blob misses.
/// </summary>
public sealed class ProxyCachePullThrough(ProjectDirectory projects, ProxyManifestSource manifests, ProxyBlobSource blobs, ProxyPendingPulls pendingPulls)
{
    /// <summary>The proxy-cache target <paramref name="repository"/> names, or null for a repository of an ordinary project.</summary>
    public async ValueTask<ProxyTarget?> FindAsync(string repository)
    {
        var projectName = RegistryKeys.ProjectOf(repository);
        if (await projects.FindAsync(projectName) is not { RegistryId: { } registryId } project ||
            ProxyCachePaths.UpstreamRepository(projectName, repository) is not { } upstreamRepository)
        {
            return null;
        }

        var speed = project.Metadata.TryGetValue(ProjectMetadataRules.ProxySpeedKb, out var value) &&
            int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var kib)
            ? kib
            : -1;
        return new ProxyTarget(projectName, registryId, repository, upstreamRepository, project.ProjectId, speed);
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
    /// Counts a pull of a manifest served from upstream's bytes (<see cref="ProxyManifestAnswer.Manifest"/>): it counts
    /// once the manifest is stored, like a pull of the cached copy.
    /// </summary>
    public void RecordUpstreamPull(string repository, string digest) => pendingPulls.Add(repository, digest);

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
