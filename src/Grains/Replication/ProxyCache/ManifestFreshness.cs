namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>What a proxy-cache manifest pull does before answering.</summary>
public enum ManifestAction
{
    /// <summary>Serve the cached manifest without asking upstream.</summary>
    ServeLocal = 0,

    /// <summary>Ask upstream with HEAD whether the reference still names the cached digest.</summary>
    Revalidate,

    /// <summary>Nothing usable is cached: fetch the manifest upstream.</summary>
    Fetch,
}

/// <summary>
/// The freshness rule of cached manifests. A digest names immutable content, so a cached one is always served (as
/// Harbor does). A tag is fresh while upstream confirmed, less than the TTL ago, that it names the cached digest;
/// after that it is revalidated with HEAD.
/// </summary>
public static class ManifestFreshness
{
    public static ManifestAction Decide(
        bool byDigest, string? cachedDigest, UpstreamConfirmation? confirmation, DateTimeOffset now, TimeSpan ttl)
    {
        if (cachedDigest is null)
        {
            return ManifestAction.Fetch;
        }

        if (byDigest)
        {
            return ManifestAction.ServeLocal;
        }

        return confirmation is not null &&
            string.Equals(confirmation.Digest, cachedDigest, StringComparison.Ordinal) &&
            now - confirmation.At < ttl
            ? ManifestAction.ServeLocal
            : ManifestAction.Revalidate;
    }
}
