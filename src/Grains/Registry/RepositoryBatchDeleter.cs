using ArtifactKeeper.Policy;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Many tag and manifest deletions of one repository at once, run inside its grain's turn (retention hands over a
/// wave at a time). Each deletion is checked as <see cref="IRepositoryGrain.TryDeleteTagAsync"/> and
/// <see cref="IRepositoryGrain.TryDeleteManifestAsync"/> check it, in order, as if the earlier ones had been done (a
/// tag already gone is unknown); in addition a tag must still name the digest planned, and a manifest must carry no
/// tag beyond those expected. Immutability is asked of the project once for every tag involved. What passes is then
/// persisted in one store transaction, removed from the index, its quota released in one call and the blobs only it
/// used unlinked, in the same order as the single path. Answers one result per deletion, in order.
/// </summary>
public sealed partial class RepositoryBatchDeleter(
    string repository,
    RepositoryIndex index,
    IRepositoryBatchMetadata metadata,
    IGrainFactory grains,
    ILogger logger)
{
    public async Task<IReadOnlyList<RepositoryChangeResult>> DeleteAsync(IReadOnlyList<RepositoryDeletion> deletions)
    {
        ArgumentNullException.ThrowIfNull(deletions);
        var immutable = await TagImmutability.FindImmutableAsync(grains, repository, TagsInvolved(deletions));
        var results = new RepositoryChangeResult[deletions.Count];
        var goneTags = new HashSet<string>(StringComparer.Ordinal);
        var goneManifests = new HashSet<string>(StringComparer.Ordinal);
        var tags = new List<string>();
        var manifests = new List<ManifestRecord>();
        for (var i = 0; i < deletions.Count; i++)
        {
            var deletion = deletions[i];
            ArgumentNullException.ThrowIfNull(deletion);
            var refusal = deletion.Tag is { } tag
                ? CheckTag(deletion, tag, goneTags, immutable)
                : CheckManifest(deletion, goneTags, goneManifests, immutable);
            results[i] = refusal ?? RepositoryChangeResult.Done;
            if (refusal is not null)
            {
                continue;
            }

            if (deletion.Tag is { } deletedTag)
            {
                tags.Add(deletedTag);
                goneTags.Add(deletedTag);
            }
            else
            {
                manifests.Add(index.FindByDigest(deletion.Digest)!.Record);
                goneManifests.Add(deletion.Digest);
                goneTags.UnionWith(index.TagsOf(deletion.Digest));
            }
        }

        if (tags.Count == 0 && manifests.Count == 0)
        {
            return results;
        }

        var digests = manifests.Select(m => m.Digest).ToList();
        await metadata.DeleteTagsAndManifestsAsync(repository, tags, digests, CancellationToken.None);
        index.RemoveMany(tags, digests);

        if (manifests.Count > 0)
        {
            await grains.GetGrain<IProjectQuotaGrain>(RegistryKeys.ProjectOf(repository)).ReleaseManyAsync(
                manifests.Select(m => new QuotaReference(m.Digest, repository, QuotaReferenceKind.Manifest, m.Size)).ToList());
        }

        var released = manifests
            .SelectMany(m => m.References)
            .Where(r => r.Kind == ReferenceKind.Blob && !index.ReferencesBlob(r.Digest))
            .Select(r => r.Digest)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        await Task.WhenAll(released.Select(blob => grains.GetGrain<IBlobGrain>(blob).UnlinkAsync(repository)));
        LogDeleted(logger, repository, manifests.Count, tags.Count, released.Count, deletions.Count - manifests.Count - tags.Count);
        return results;
    }

    /// <summary>Every tag whose immutability decides a deletion: the tags deleted, and the tags on the manifests deleted.</summary>
    private List<string> TagsInvolved(IReadOnlyList<RepositoryDeletion> deletions)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deletion in deletions)
        {
            if (deletion?.Tag is { } tag)
            {
                if (index.ContainsTag(tag))
                {
                    tags.Add(tag);
                }
            }
            else if (deletion is not null)
            {
                tags.UnionWith(index.TagsOf(deletion.Digest));
            }
        }

        return [.. tags.Order(StringComparer.Ordinal)];
    }

    private RepositoryChangeResult? CheckTag(RepositoryDeletion deletion, string tag, HashSet<string> goneTags, IReadOnlyDictionary<string, ImmutableTagMatch> immutable)
    {
        if (goneTags.Contains(tag) || index.FindByTag(tag) is not { } stored)
        {
            return RepositoryChangeResult.Fail(RegistryError.ManifestUnknown, $"tag {tag} is not in repository {repository}");
        }

        if (!string.Equals(stored.Record.Digest, deletion.Digest, StringComparison.Ordinal))
        {
            return RepositoryChangeResult.Fail(RegistryError.Conflict, $"tag {tag} of repository {repository} names {stored.Record.Digest} now, not {deletion.Digest}");
        }

        return immutable.TryGetValue(tag, out var match)
            ? RepositoryChangeResult.Fail(RegistryError.TagImmutable, TagImmutability.TagDeleteRefusal(match))
            : null;
    }

    private RepositoryChangeResult? CheckManifest(
        RepositoryDeletion deletion, HashSet<string> goneTags, HashSet<string> goneManifests, IReadOnlyDictionary<string, ImmutableTagMatch> immutable)
    {
        var digest = deletion.Digest;
        if (goneManifests.Contains(digest) || !index.ContainsManifest(digest))
        {
            return RepositoryChangeResult.Fail(RegistryError.ManifestUnknown, $"manifest {digest} is not in repository {repository}");
        }

        var remaining = index.TagsOf(digest).Where(t => !goneTags.Contains(t)).ToList();
        if (deletion.ExpectedTags is { } expected && remaining.FirstOrDefault(t => !expected.Contains(t)) is { } unexpected)
        {
            return RepositoryChangeResult.Fail(RegistryError.Conflict, $"the artifact {repository}@{digest} was tagged {unexpected} since its deletion was decided");
        }

        return remaining.FirstOrDefault(immutable.ContainsKey) is { } immutableTag
            ? RepositoryChangeResult.Fail(RegistryError.TagImmutable, TagImmutability.ManifestDeleteRefusal(repository, digest, immutable[immutableTag]))
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Manifests} manifests and {Tags} tags from {Repository} in one batch, unlinking {Blobs} blobs; {Refused} refused")]
    private static partial void LogDeleted(ILogger logger, string repository, int manifests, int tags, int blobs, int refused);
}
