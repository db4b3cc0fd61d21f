using System.Text.Json;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// An OSV database kept as an OCI artifact in this registry (pushed with oras or any OCI client): a manifest whose
/// one layer — or one layer of type <see cref="LayerMediaType"/> or <c>application/zip</c> — is a zip of OSV JSON
/// files. Opens that layer from the blob store as a stream for <see cref="OsvDatabaseProvider.ImportAsync(Stream, CancellationToken)"/>.
/// </summary>
public sealed class OsvDatabaseArtifact(IArtifactMetadata manifests, IBlobStore blobs)
{
    public const string LayerMediaType = "application/vnd.artifactkeeper.osv.database.v1+zip";

    /// <summary>The zip layer of <paramref name="repository"/>:<paramref name="reference"/>; throws <see cref="OsvDatabaseException"/> when there is none.</summary>
    public async Task<Stream> OpenAsync(string repository, string reference, bool isDigest, CancellationToken cancellationToken) =>
        await OpenAsync(await FindAsync(repository, reference, isDigest, cancellationToken), cancellationToken);

    /// <summary>
    /// The artifact by digest and its database layer; <see cref="OsvDatabaseArtifactNotFoundException"/> when there is
    /// no such artifact, <see cref="OsvDatabaseException"/> when it has no zip layer.
    /// </summary>
    public async Task<OsvDatabaseArtifactRef> FindAsync(string repository, string reference, bool isDigest, CancellationToken cancellationToken)
    {
        var row = await manifests.FindArtifactAsync(repository, reference, isDigest, cancellationToken)
            ?? throw new OsvDatabaseArtifactNotFoundException($"artifact {repository}{(isDigest ? "@" : ":")}{reference} not found");
        var layer = PickLayer(row.Content)
            ?? throw new OsvDatabaseException($"artifact {repository}{(isDigest ? "@" : ":")}{reference} has no zip layer (one layer, or one of type {LayerMediaType} or application/zip)");
        return new OsvDatabaseArtifactRef(row.Repository, row.Digest, layer);
    }

    /// <summary>The database layer of <paramref name="artifact"/> from the blob store.</summary>
    public async Task<Stream> OpenAsync(OsvDatabaseArtifactRef artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return await blobs.OpenReadAsync(artifact.Layer, cancellationToken)
            ?? throw new OsvDatabaseException($"layer {artifact.Layer} of {artifact.Repository} is not in the blob store");
    }

    /// <summary>The digest of the database layer of a manifest, or null.</summary>
    public static string? PickLayer(ReadOnlySpan<byte> manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest.ToArray());
            if (!document.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var all = layers.EnumerateArray()
                .Select(layer => (Type: layer.TryGetProperty("mediaType", out var t) ? t.GetString() : null, Digest: layer.TryGetProperty("digest", out var d) ? d.GetString() : null))
                .Where(layer => layer.Digest is not null)
                .ToList();
            var zips = all.Where(layer => layer.Type is LayerMediaType or "application/zip").ToList();
            return zips.Count == 1 ? zips[0].Digest : all.Count == 1 ? all[0].Digest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>An artifact holding an OSV database: its repository, manifest digest and zip layer.</summary>
public sealed record OsvDatabaseArtifactRef(string Repository, string Digest, string Layer);

/// <summary>The artifact named as a database does not exist.</summary>
public sealed class OsvDatabaseArtifactNotFoundException(string message) : Exception(message);
