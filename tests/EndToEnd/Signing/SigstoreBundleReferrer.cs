using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// Attaches a Sigstore bundle to an image the way cosign v3 does: an OCI manifest with artifactType
/// <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>, the empty config, the bundle as its one layer and the
/// image as its subject, pushed by digest so it is found through the referrers API.
/// </summary>
public static class SigstoreBundleReferrer
{
    /// <summary>The artifact type (and layer media type) of a v0.3 bundle.</summary>
    public const string BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The predicate type cosign v3 uses for an image signature.</summary>
    public const string SignPredicateType = "https://sigstore.dev/cosign/sign/v1";

    /// <summary>Pushes the bundle as a referrer of <paramref name="subject"/>; returns the referrer manifest.</summary>
    public static async Task<OciBlob> PushAsync(
        RegistryHttpClient http, string repository, OciDescriptor subject, byte[] bundle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(subject);
        var config = OciBlob.Of(OciMediaTypes.Empty, "{}"u8.ToArray());
        var layer = OciBlob.Of(BundleMediaType, bundle);
        await http.PushBlobAsync(repository, config, cancellationToken);
        await http.PushBlobAsync(repository, layer, cancellationToken);

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = BundleMediaType,
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(layer.Descriptor.ToJson()),
            ["subject"] = subject.ToJson(),
            ["annotations"] = new JsonObject
            {
                ["dev.sigstore.bundle.content"] = "dsse-envelope",
                ["dev.sigstore.bundle.predicateType"] = SignPredicateType,
                ["org.opencontainers.image.created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        };
        var blob = OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        using var response = await http.PutManifestAsync(repository, blob.Descriptor.Digest, blob, cancellationToken);
        return blob;
    }
}
