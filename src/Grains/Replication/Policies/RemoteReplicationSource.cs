using System.Runtime.CompilerServices;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Retention.Oci;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// A remote registry as a replication source (pull-based policies): its repository listing, each repository's tags,
/// and a HEAD per tag for the digest; tags naming the same digest make one artifact. Tags that name another artifact
/// (<c>sha256-&lt;hex&gt;.sig</c>, the referrers fallback tag) are left to the copy of that artifact. A remote's
/// untagged artifacts cannot be listed, its labels are unknown, and, as Harbor's adapters do, everything is an image.
/// </summary>
public sealed class RemoteReplicationSource(IOciRegistry remote, RepositoryListingHint? hint = null) : IReplicationSource
{
    public bool HasLabels => false;

    /// <summary>The repositories; a remote registry lists them as far as the policy's name filter says they can matter.</summary>
    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken) =>
        remote is IRemoteRegistry registry && hint is not null
            ? registry.ListRepositoriesAsync(hint, cancellationToken)
            : remote.ListRepositoriesAsync(cancellationToken);

    public async IAsyncEnumerable<ReplicationCandidate> ListCandidatesAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var byDigest = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var tag in remote.ListTagsAsync(repository, cancellationToken))
        {
            if (OciAccessoryTag.Parse(tag) is not null)
            {
                continue;
            }

            // A tag deleted between the listing and the HEAD is simply not there any more.
            if (await remote.HeadManifestAsync(repository, tag, cancellationToken) is not { } descriptor)
            {
                continue;
            }

            if (!byDigest.TryGetValue(descriptor.Digest, out var tags))
            {
                tags = [];
                byDigest[descriptor.Digest] = tags;
            }

            tags.Add(tag);
        }

        foreach (var (digest, tags) in byDigest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return new ReplicationCandidate(digest, [.. tags.Order(StringComparer.Ordinal)], [], IsImage: true);
        }
    }
}
