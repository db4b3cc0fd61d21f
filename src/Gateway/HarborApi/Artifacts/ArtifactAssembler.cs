using System.Text.Json;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Turns stored manifests into Harbor's Artifact, Tag, Reference and Accessory models, with what other features
/// know of them: labels, pull times and which tags an immutable rule protects.
/// </summary>
public sealed class ArtifactAssembler(
    IArtifactMetadata store, IArtifactLabelMetadata labels, IPullMetadata pulls, IGrainFactory grains, ArtifactConfigReader configs, IScanMetadata scans)
{
    public async Task<IReadOnlyList<ArtifactModel>> AssembleAsync(
        string projectName, long projectId, IReadOnlyList<ArtifactRow> rows, ArtifactView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(view);
        if (rows.Count == 0)
        {
            return [];
        }

        var repository = rows[0].Repository;
        var tags = view.WithTag
            ? (await store.ListTagsOfAsync(repository, rows.Select(r => r.Digest).ToList(), cancellationToken)).ToLookup(t => t.Digest, StringComparer.Ordinal)
            : null;
        var digests = rows.Select(r => r.Digest).ToList();
        var labelsOf = view.WithLabel ? await labels.ListArtifactLabelsAsync(repository, digests, cancellationToken) : null;
        var pullsOf = await pulls.GetArtifactPullsAsync(repository, digests, cancellationToken);
        var scansOf = view.WithScanOverview
            ? (await scans.GetLatestScansAsync(digests, cancellationToken)).ToDictionary(s => s.Scan.Digest, StringComparer.Ordinal)
            : null;
        var immutable = view.WithImmutableStatus && tags is not null
            ? await ImmutableTagsAsync(repository, tags.SelectMany(g => g).Select(t => t.Name).ToList())
            : new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ArtifactModel>(rows.Count);
        foreach (var row in rows)
        {
            var pulledAt = pullsOf.TryGetValue(row.Digest, out var pulled) && pulled.PullTime is { } at ? at.UtcDateTime : HarborTimes.Never;
            var summary = ManifestSummary.Parse(row.MediaType, row.Content);
            var children = summary.IsIndex
                ? await store.FindArtifactsAsync(repository, summary.Children.Select(c => c.Digest).Distinct().ToList(), cancellationToken)
                : [];
            var mediaType = summary.ArtifactMediaType(row.ArtifactType);
            var type = ArtifactTypes.Of(mediaType);
            var signatures = view.WithSignature ? await SignaturesAsync(row) : null;
            var signed = signatures?.Any(v => v.Verified) ?? false;
            result.Add(new ArtifactModel
            {
                Id = row.ArtifactId,
                Type = type,
                MediaType = mediaType,
                ManifestMediaType = row.MediaType,
                ArtifactType = row.ArtifactType ?? row.MediaType,
                ProjectId = projectId,
                RepositoryId = row.RepositoryId,
                RepositoryName = row.Repository,
                Digest = row.Digest,
                Size = summary.IsIndex ? row.Size + children.Sum(SizeOf) : summary.ImageSize(row.Size),
                PushTime = row.PushedAt.UtcDateTime,
                PullTime = pulledAt,
                ExtraAttrs = await ExtraAttributesAsync(summary, type, cancellationToken),
                Annotations = row.Annotations,
                References = summary.IsIndex ? References(row, summary, children) : null,
                Tags = tags?[row.Digest].Select(t => Tag(t, row) with { PullTime = pulledAt, Immutable = immutable.Contains(t.Name), Signed = signed }).ToList(),
                AdditionLinks = ArtifactAddition.For(type, summary.IsIndex).ToDictionary(
                    a => a,
                    a => new AdditionLinkModel($"/api/v2.0/projects/{projectName}/repositories/{RepositoryPath.Encode(row.Repository)}/artifacts/{row.Digest}/additions/{a}", false),
                    StringComparer.Ordinal),
                Labels = labelsOf is null ? null : labelsOf.TryGetValue(row.Digest, out var carried) ? carried.Select(LabelModel.From).ToList() : [],
                Accessories = view.WithAccessory ? await AccessoriesAsync(row, cancellationToken) : null,
                Signatures = signatures?.Select(SignatureModel.From).ToList(),
                ScanOverview = scansOf is not null && scansOf.TryGetValue(row.Digest, out var scan) ? Scanning.ScanViews.OverviewMap(scan) : null,
            });
        }

        return result;
    }

    /// <summary>The artifact's signatures with their verdicts (the project's content-trust grain caches them).</summary>
    private Task<IReadOnlyList<SignatureVerdict>> SignaturesAsync(ArtifactRow row) =>
        grains.GetGrain<IContentTrustGrain>(RegistryKeys.ProjectOf(row.Repository)).ListSignaturesAsync(row.Repository, row.Digest);

    /// <summary>The tags of <paramref name="tagNames"/> an immutable rule of the project protects (a memory read in the project's grain).</summary>
    private async Task<HashSet<string>> ImmutableTagsAsync(string repository, List<string> tagNames)
    {
        if (tagNames.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var matches = await grains.GetGrain<IProjectImmutabilityGrain>(RegistryKeys.ProjectOf(repository)).FindImmutableTagsAsync(repository, tagNames);
        return matches.Select(m => m.Tag).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<AccessoryModel>> AccessoriesAsync(ArtifactRow subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var rows = (await store.ListAccessoryArtifactsAsync(
            subject.Repository, subject.Digest, AccessoryTypes.CosignTags(subject.Digest), cancellationToken))
            .Where(r => r.Digest != subject.Digest)
            .ToList();
        var tags = (await store.ListTagsOfAsync(subject.Repository, rows.Select(r => r.Digest).ToList(), cancellationToken))
            .ToLookup(t => t.Digest, StringComparer.Ordinal);
        return rows.Select(r => new AccessoryModel(
            r.ArtifactId,
            r.ArtifactId,
            subject.ArtifactId,
            subject.Repository,
            subject.Digest,
            SizeOf(r),
            r.Digest,
            AccessoryTypes.Of(r.ArtifactType, tags[r.Digest].Select(t => t.Name)),
            string.Empty,
            r.PushedAt.UtcDateTime)).ToList();
    }

    public static IReadOnlyList<ReferenceModel> References(ArtifactRow parent, ManifestSummary summary, IReadOnlyList<ArtifactRow> children)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(children);
        var ids = children.ToDictionary(c => c.Digest, c => c.ArtifactId, StringComparer.Ordinal);
        return summary.Children.Select(c => new ReferenceModel(
            parent.ArtifactId,
            ids.GetValueOrDefault(c.Digest),
            c.Digest,
            c.Platform,
            c.Annotations,
            c.Urls.Count == 0 ? null : c.Urls)).ToList();
    }

    public static TagModel Tag(ArtifactTagRow tag, ArtifactRow artifact)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(artifact);
        return new TagModel(tag.TagId, artifact.RepositoryId, artifact.ArtifactId, tag.Name, tag.PushedAt.UtcDateTime, HarborTimes.Never, false, false);
    }

    private static long SizeOf(ArtifactRow row)
    {
        var summary = ManifestSummary.Parse(row.MediaType, row.Content);
        return summary.IsIndex ? row.Size + summary.Children.Sum(c => c.Size) : summary.ImageSize(row.Size);
    }

    /// <summary>
    /// Harbor's extra_attrs: for an image the config's architecture, os, config, created and author; for other
    /// artifacts with a JSON config (a chart's Chart.yaml metadata, ...) the config's own fields.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, JsonElement>> ExtraAttributesAsync(ManifestSummary summary, string type, CancellationToken cancellationToken)
    {
        if (summary.IsIndex || summary.Config is not { } config || config.MediaType == Registry.Manifests.ManifestMediaTypes.OciEmpty ||
            !config.MediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return new Dictionary<string, JsonElement>();
        }

        var json = await configs.ReadAsync(config.Digest, config.Size, cancellationToken);
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            return new Dictionary<string, JsonElement>();
        }

        return type == ArtifactTypes.Image
            ? ImageBuildHistory.ExtraAttributes(element)
            : element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
