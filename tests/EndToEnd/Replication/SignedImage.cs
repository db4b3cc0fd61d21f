using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// An image with two accessories: a cosign-style signature under the legacy tag <c>sha256-&lt;hex&gt;.sig</c>, and an
/// SBOM pushed as an OCI 1.1 referrer (a manifest with <c>subject</c>). Replication must carry both with the image.
/// </summary>
public sealed class SignedImage
{
    /// <summary>artifactType of the SBOM referrer.</summary>
    public const string SbomType = "application/vnd.example.sbom.v1+json";

    private SignedImage(TestImage image, OciBlob signatureConfig, OciBlob signaturePayload, OciBlob signature, OciBlob sbomLayer, OciBlob sbom)
    {
        Image = image;
        SignatureConfig = signatureConfig;
        SignaturePayload = signaturePayload;
        Signature = signature;
        SbomLayer = sbomLayer;
        Sbom = sbom;
    }

    /// <summary>The signed image.</summary>
    public TestImage Image { get; }

    /// <summary>The signature manifest (tagged <see cref="SignatureTag"/>).</summary>
    public OciBlob Signature { get; }

    /// <summary>The SBOM referrer manifest (its subject is the image).</summary>
    public OciBlob Sbom { get; }

    /// <summary>The cosign tag of the signature: sha256-&lt;hex&gt;.sig.</summary>
    public string SignatureTag => Image.Manifest.Descriptor.Digest.Replace(":", "-", StringComparison.Ordinal) + ".sig";

    /// <summary>The referrers tag-schema fallback tag of the image: sha256-&lt;hex&gt;.</summary>
    public string ReferrersFallbackTag => Image.Manifest.Descriptor.Digest.Replace(":", "-", StringComparison.Ordinal);

    private OciBlob SignatureConfig { get; }

    private OciBlob SignaturePayload { get; }

    private OciBlob SbomLayer { get; }

    /// <summary>Every blob of the accessories (the image's own blobs are in <see cref="Image"/>).</summary>
    public IEnumerable<OciBlob> AccessoryBlobs => [SignatureConfig, SignaturePayload, SbomLayer, OciBlob.Of(OciMediaTypes.Empty, "{}"u8.ToArray())];

    /// <summary>Builds a fresh image with its signature and SBOM.</summary>
    public static SignedImage Create()
    {
        var image = TestImage.Create(layerCount: 2);
        var payload = OciBlob.Of(
            "application/vnd.dev.cosign.simplesigning.v1+json",
            Encoding.UTF8.GetBytes($$"""{"critical":{"identity":{"docker-reference":"e2e"},"image":{"docker-manifest-digest":"{{image.Manifest.Descriptor.Digest}}"},"type":"cosign container image signature"},"optional":null}"""));
        var config = OciBlob.Of(OciMediaTypes.ImageConfig, Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"","created":"0001-01-01T00:00:00Z","os":"","rootfs":{"type":"layers","diff_ids":["{{{payload.Descriptor.Digest}}}"]},"config":{}}"""));
        var payloadDescriptor = payload.Descriptor.ToJson();
        payloadDescriptor["annotations"] = new JsonObject
        {
            ["dev.cosignproject.cosign/signature"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(70)),
        };
        var signature = Manifest(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(payloadDescriptor),
        });

        var sbomLayer = OciBlob.Of("application/json", Encoding.UTF8.GetBytes($$"""{"sbom":"{{Guid.NewGuid()}}"}"""));
        var sbom = Manifest(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = SbomType,
            ["config"] = OciBlob.Of(OciMediaTypes.Empty, "{}"u8.ToArray()).Descriptor.ToJson(),
            ["layers"] = new JsonArray(sbomLayer.Descriptor.ToJson()),
            ["subject"] = image.Manifest.Descriptor.ToJson(),
        });

        return new SignedImage(image, config, payload, signature, sbomLayer, sbom);
    }

    /// <summary>Pushes the image under <paramref name="tag"/>, then its signature and SBOM, to this registry.</summary>
    public async Task PushAsync(RegistryHttpClient http, string repository, string tag, CancellationToken cancellationToken)
    {
        await http.PushImageAsync(repository, tag, Image, cancellationToken);
        await http.PushBlobAsync(repository, SignatureConfig, cancellationToken);
        await http.PushBlobAsync(repository, SignaturePayload, cancellationToken);
        using (await http.PutManifestAsync(repository, SignatureTag, Signature, cancellationToken))
        {
        }

        await http.PushBlobAsync(repository, OciBlob.Of(OciMediaTypes.Empty, "{}"u8.ToArray()), cancellationToken);
        await http.PushBlobAsync(repository, SbomLayer, cancellationToken);
        using (await http.PutManifestAsync(repository, Sbom.Descriptor.Digest, Sbom, cancellationToken))
        {
        }
    }

    private static OciBlob Manifest(JsonObject json) => OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(json.ToJsonString()));
}
