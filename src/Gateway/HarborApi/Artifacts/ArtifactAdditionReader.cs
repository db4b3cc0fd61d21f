using ArtifactKeeper.Registry.Artifacts;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Produces an artifact's addition: an image's build history from its config, a chart's values, readme or
/// dependencies from its chart layer, streamed from the blob store. Null when the artifact has no such addition.
/// </summary>
public sealed class ArtifactAdditionReader(ArtifactConfigReader configs, IBlobStore blobs)
{
    public async Task<ArtifactAddition?> ReadAsync(ArtifactRow artifact, string addition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var summary = ManifestSummary.Parse(artifact.MediaType, artifact.Content);
        var type = ArtifactTypes.Of(summary.ArtifactMediaType(artifact.ArtifactType));
        if (!ArtifactAddition.For(type, summary.IsIndex).Contains(addition, StringComparer.Ordinal))
        {
            return null;
        }

        if (addition == ArtifactAddition.BuildHistory)
        {
            var config = summary.Config is { } c ? await configs.ReadAsync(c.Digest, c.Size, cancellationToken) : null;
            return config is { } json ? new ArtifactAddition("application/json; charset=utf-8", ImageBuildHistory.From(json)) : null;
        }

        var layer = summary.Layers.FirstOrDefault(l => l.MediaType is HelmChartFiles.ChartLayerMediaType or HelmChartFiles.LegacyChartLayerMediaType);
        if (layer is null)
        {
            return null;
        }

        await using var stream = await blobs.OpenReadAsync(layer.Digest, cancellationToken);
        return stream is null ? null : await HelmChartFiles.ReadAsync(stream, addition, cancellationToken);
    }
}
