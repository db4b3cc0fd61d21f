using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Retention.Oci;

/// <summary>
/// Retention for an OCI repository (images, and Helm charts pushed over OCI, which are tagged the same way), run
/// inside its repository grain: candidates come from the grain's <see cref="RepositoryIndex"/> plus one store read
/// of the repository (tag push times, pull times, labels); immutability is asked of the project once for every tag; deletions
/// go a batch at a time through <see cref="RepositoryBatchDeleter"/>, which checks each as the grain's
/// <see cref="IRepositoryGrain.TryDeleteTagAsync"/> and <see cref="IRepositoryGrain.TryDeleteManifestAsync"/> do, so
/// quota, immutability and blob unlinking apply as for any delete. An artifact is deleted only while it carries no tag
/// beyond those the plan deletes with it (a tag pushed in between saves it).
/// <para>
/// Candidates: one per tag and one per untagged manifest. A referrer (a manifest with a subject here), a manifest an
/// index here lists, and a tag naming a digest here (<c>sha256-&lt;hex&gt;.sig</c>, <c>.att</c>, <c>.sbom</c>, the
/// referrers fallback tag) are anchored to that artifact; untagged ones are dependent, living and dying with it.
/// </para>
/// </summary>
public sealed class OciRetentionAdapter(
    string repository,
    RepositoryIndex index,
    RepositoryBatchDeleter deleter,
    IGrainFactory grains,
    IRetentionFactsMetadata store) : IRetentionAdapter
{
    public string Format => "oci";

    public IReadOnlySet<string> SupportedTemplates => RetentionVocabulary.Templates;

    public async Task<IReadOnlyList<RetentionCandidate>> ListCandidatesAsync(CancellationToken cancellationToken)
    {
        var manifests = index.Manifests.Select(m => m.Record).ToDictionary(m => m.Digest, StringComparer.Ordinal);
        var digests = manifests.Keys.Order(StringComparer.Ordinal).ToList();
        var facts = await store.ReadRetentionFactsAsync(repository, cancellationToken);
        DateTimeOffset? PullTime(string digest) => facts.PullTimes.TryGetValue(digest, out var at) ? at : null;
        IReadOnlyList<string> Labels(string digest) => facts.Labels.GetValueOrDefault(digest) ?? [];

        var anchors = ArtifactAnchors(manifests);
        var tagged = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<RetentionCandidate>(facts.Tags.Count + manifests.Count);
        foreach (var tag in facts.Tags.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            // The grain is the single writer, so the store agrees with the index; a row it does not know is skipped.
            if (index.FindByTag(tag.Name)?.Record.Digest != tag.Digest)
            {
                continue;
            }

            tagged.Add(tag.Digest);
            var tagAnchors = anchors.GetValueOrDefault(tag.Digest) ?? [];
            if (OciAccessoryTag.Parse(tag.Name) is { } named && named.Subject != tag.Digest && manifests.ContainsKey(named.Subject))
            {
                tagAnchors = [.. tagAnchors, new RetentionAnchor(named.Subject, named.Relation)];
            }

            candidates.Add(new RetentionCandidate(
                tag.Name, tag.Name, tag.Digest, tag.PushedAt, PullTime(tag.Digest), Labels(tag.Digest),
                Anchors: tagAnchors));
        }

        foreach (var digest in digests.Where(d => !tagged.Contains(d)))
        {
            var manifestAnchors = anchors.GetValueOrDefault(digest);
            candidates.Add(new RetentionCandidate(
                digest, null, digest, manifests[digest].PushedAt, PullTime(digest), Labels(digest),
                Anchors: manifestAnchors, Dependent: manifestAnchors is { Count: > 0 }));
        }

        return candidates;
    }

    public async Task<IReadOnlyDictionary<string, string>> FindProtectedAsync(IReadOnlyList<RetentionCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var tags = candidates.Where(c => c.Tag is not null).Select(c => c.Tag!).ToList();
        if (tags.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var immutable = await grains.GetGrain<IProjectImmutabilityGrain>(RegistryKeys.ProjectOf(repository)).FindImmutableTagsAsync(repository, tags);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var match in immutable)
        {
            result[match.Tag] = "immutable tag: " + match.DescribeRule();
        }

        return result;
    }

    public async Task<IReadOnlyList<string?>> DeleteManyAsync(IReadOnlyList<RetentionDeletion> deletions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletions);
        cancellationToken.ThrowIfCancellationRequested();
        var results = await deleter.DeleteAsync(deletions
            .Select(d => d.Kind == RetentionDeletionKind.Tag
                ? new RepositoryDeletion(d.Digest, d.Tag!)
                : new RepositoryDeletion(d.Digest, null, d.Keys.ToHashSet(StringComparer.Ordinal)))
            .ToList());
        return results.Select(r => r.Succeeded ? null : $"{r.Error}: {r.Message}").ToList();
    }

    /// <summary>For each manifest, the artifacts here it belongs to: its subject, and every index listing it.</summary>
    private static Dictionary<string, List<RetentionAnchor>> ArtifactAnchors(Dictionary<string, ManifestRecord> manifests)
    {
        var anchors = new Dictionary<string, List<RetentionAnchor>>(StringComparer.Ordinal);
        void Add(string digest, RetentionAnchor anchor)
        {
            if (!anchors.TryGetValue(digest, out var list))
            {
                list = [];
                anchors[digest] = list;
            }

            list.Add(anchor);
        }

        foreach (var manifest in manifests.Values)
        {
            if (manifest.Subject is { } subject && subject != manifest.Digest && manifests.ContainsKey(subject))
            {
                Add(manifest.Digest, new RetentionAnchor(subject, "accessory of"));
            }

            if (!ManifestMediaTypes.IsIndex(manifest.MediaType))
            {
                continue;
            }

            foreach (var child in manifest.References.Where(r => r.Kind == ReferenceKind.Manifest && r.Digest != manifest.Digest && manifests.ContainsKey(r.Digest)))
            {
                Add(child.Digest, new RetentionAnchor(manifest.Digest, "child of index"));
            }
        }

        return anchors;
    }
}
