using System.Net;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// A cosign-style signature attachment as the registry serves it: the manifest tagged
/// <c>sha256-&lt;subject hex&gt;.sig</c>, and for each layer its media type, its blob (the signed payload) and
/// its annotations (signature, certificate, chain, Rekor bundle).
/// </summary>
public sealed record CosignSignatureAttachment(string ManifestDigest, JsonObject Manifest, IReadOnlyList<CosignSignatureLayer> Layers)
{
    /// <summary>The cosign tag of the attachment that signs <paramref name="subjectDigest"/>.</summary>
    public static string TagFor(string subjectDigest) => subjectDigest.Replace(":", "-", StringComparison.Ordinal) + ".sig";

    /// <summary>Reads the attachment of <paramref name="subjectDigest"/> in <paramref name="repository"/>; fails the test when absent.</summary>
    public static async Task<CosignSignatureAttachment> ReadAsync(
        RegistryHttpClient http, string repository, string subjectDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(
            $"v2/{repository}/manifests/{TagFor(subjectDigest)}", cancellationToken, OciMediaTypes.ImageManifest);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"no signature attachment {TagFor(subjectDigest)} in {repository}: {(int)response.StatusCode}");
        var digest = HttpAssert.SingleHeader(response, "Docker-Content-Digest");
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();

        var layers = new List<CosignSignatureLayer>();
        foreach (var layer in manifest["layers"]!.AsArray())
        {
            var layerDigest = (string)layer!["digest"]!;
            using var blob = await http.GetAsync($"v2/{repository}/blobs/{layerDigest}", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, blob.StatusCode);
            var annotations = (layer["annotations"]?.AsObject() ?? [])
                .ToDictionary(a => a.Key, a => (string)a.Value!, StringComparer.Ordinal);
            layers.Add(new CosignSignatureLayer(
                (string)layer["mediaType"]!, layerDigest, await blob.Content.ReadAsByteArrayAsync(cancellationToken), annotations));
        }

        return new CosignSignatureAttachment(digest, manifest, layers);
    }
}

/// <summary>One layer of a signature attachment: the signed payload and the annotations that sign it.</summary>
public sealed record CosignSignatureLayer(
    string MediaType, string Digest, byte[] Payload, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>The media type of a simple-signing payload layer.</summary>
    public const string SimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>Base64 of the ASN.1 DER ECDSA signature over <see cref="Payload"/>.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>PEM of the signing certificate (keyless).</summary>
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";

    /// <summary>PEM of the certificate's chain (keyless).</summary>
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";

    /// <summary>JSON of the Rekor bundle (signed entry timestamp and the logged entry).</summary>
    public const string BundleAnnotation = "dev.sigstore.cosign/bundle";

    /// <summary>The signature annotation, decoded.</summary>
    public byte[] Signature => Convert.FromBase64String(Annotations[SignatureAnnotation]);

    /// <summary>The payload as JSON (the simple-signing document).</summary>
    public JsonObject PayloadJson => JsonNode.Parse(Payload)!.AsObject();
}
