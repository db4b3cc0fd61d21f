using System.Runtime.CompilerServices;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Retention.Oci;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// This registry as a replication source, read from the metadata store (never by activating repository grains):
/// repositories from the catalog a page at a time; per repository its manifests and tags, and labels in batches.
/// An artifact is top-level unless an index of the repository lists it, its subject is in the repository (a referrer),
/// or one of its tags names another artifact of the repository (cosign's <c>sha256-&lt;hex&gt;.sig</c>) — those are
/// copied with the artifact they belong to.
/// </summary>
public sealed class LocalReplicationSource(ICatalogQueries catalog, IRepositoryMetadata repositories, IArtifactLabelMetadata labels) : IReplicationSource
{
    private const int CatalogPage = 500;
    private const int LabelBatch = 500;

    public bool HasLabels => true;

    public async IAsyncEnumerable<string> ListRepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var page = await catalog.ListRepositoriesAsync(last, CatalogPage, cancellationToken);
            foreach (var name in page)
            {
                yield return name;
            }

            if (page.Count < CatalogPage)
            {
                yield break;
            }

            last = page[^1];
        }
    }

    public async IAsyncEnumerable<ReplicationCandidate> ListCandidatesAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshot = await repositories.LoadRepositoryAsync(repository, cancellationToken);
        var manifests = snapshot.Manifests.ToDictionary(m => m.Digest, StringComparer.Ordinal);
        var tags = snapshot.Tags.ToLookup(t => t.Digest, t => t.Name, StringComparer.Ordinal);
        var belonging = BelongingElsewhere(manifests, snapshot.Tags);
        var topLevel = manifests.Keys.Where(d => !belonging.Contains(d)).Order(StringComparer.Ordinal).ToList();
        foreach (var batch in topLevel.Chunk(LabelBatch))
        {
            var attached = await labels.ListArtifactLabelsAsync(repository, batch, cancellationToken);
            foreach (var digest in batch)
            {
                var names = attached.TryGetValue(digest, out var found) ? found.Select(l => l.Name).ToList() : [];
                yield return new ReplicationCandidate(digest, [.. tags[digest].Order(StringComparer.Ordinal)], names, IsImage(manifests[digest]));
            }
        }
    }

    /// <summary>Whether the manifest is a container image as Harbor types it (an image config, an index or manifest list).</summary>
    public static bool IsImage(ManifestRecord manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            var summary = ManifestSummary.Parse(manifest.MediaType, manifest.Content);
            return ArtifactTypes.Of(summary.ArtifactMediaType(manifest.ArtifactType)) == ArtifactTypes.Image;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static HashSet<string> BelongingElsewhere(Dictionary<string, ManifestRecord> manifests, IReadOnlyList<TagRecord> tags)
    {
        var belonging = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in manifests.Values)
        {
            if (manifest.Subject is { } subject && subject != manifest.Digest && manifests.ContainsKey(subject))
            {
                belonging.Add(manifest.Digest);
            }

            if (ManifestMediaTypes.IsIndex(manifest.MediaType))
            {
                foreach (var child in manifest.References.Where(r => r.Kind == ReferenceKind.Manifest && r.Digest != manifest.Digest))
                {
                    belonging.Add(child.Digest);
                }
            }
        }

        foreach (var tag in tags)
        {
            if (OciAccessoryTag.Parse(tag.Name) is { } named && named.Subject != tag.Digest && manifests.ContainsKey(named.Subject))
            {
                belonging.Add(tag.Digest);
            }
        }

        return belonging;
    }
}
