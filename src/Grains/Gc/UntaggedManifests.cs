using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Gc;

/// <summary>
/// Which manifests of a repository GC may delete as untagged. A manifest is kept when a tag reaches it: tagged itself,
/// a child of a kept index, a referrer (signature, SBOM, attestation) of a kept subject, or the subject of a kept
/// referrer. Manifests pushed since <c>cutoff</c> are kept too, with everything they reach: a multi-arch push sends its
/// children untagged before the index that tags them, and a signature may arrive before its subject.
/// </summary>
public static class UntaggedManifests
{
    public static IReadOnlyList<StoredManifest> FindCollectable(RepositoryIndex index, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(index);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        var tagged = index.TaggedDigests();
        foreach (var manifest in index.Manifests)
        {
            if (manifest.Record.PushedAt >= cutoff || tagged.Contains(manifest.Record.Digest))
            {
                Keep(manifest.Record.Digest);
            }
        }

        while (pending.TryPop(out var digest))
        {
            var record = index.FindByDigest(digest)!.Record;
            foreach (var reference in record.References)
            {
                if (reference.Kind == ReferenceKind.Manifest && index.ContainsManifest(reference.Digest))
                {
                    Keep(reference.Digest);
                }
            }

            if (record.Subject is { } subject && index.ContainsManifest(subject))
            {
                Keep(subject);
            }

            foreach (var referrer in index.ReferrersOf(digest))
            {
                Keep(referrer.Digest);
            }
        }

        return index.Manifests.Where(m => !kept.Contains(m.Record.Digest)).OrderBy(m => m.Record.Digest, StringComparer.Ordinal).ToList();

        void Keep(string digest)
        {
            if (kept.Add(digest))
            {
                pending.Push(digest);
            }
        }
    }
}
