namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Maps a repository of a proxy-cache project to the upstream repository it mirrors: <c>&lt;project&gt;/&lt;path&gt;</c>
/// is <c>&lt;path&gt;</c> upstream. Docker Hub's <c>library/</c> rule is the remote client's business, not this one's.
/// </summary>
public static class ProxyCachePaths
{
    /// <summary>The upstream repository, or null when <paramref name="repository"/> is not inside <paramref name="project"/>.</summary>
    public static string? UpstreamRepository(string project, string repository)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Length > project.Length + 1 &&
            repository.StartsWith(project, StringComparison.Ordinal) &&
            repository[project.Length] == '/'
            ? repository[(project.Length + 1)..]
            : null;
    }

    /// <summary>The single-flight key of a blob: one fetch per endpoint and digest, whichever repository asks.</summary>
    public static string BlobFetchKey(long registryId, string digest) => $"{registryId}/blob/{digest}";

    /// <summary>The single-flight (and freshness) key of a manifest reference upstream.</summary>
    public static string ManifestFetchKey(long registryId, string upstreamRepository, string reference) =>
        $"{registryId}/manifest/{upstreamRepository}:{reference}";
}
