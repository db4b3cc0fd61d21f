using System.Text.Json;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Which manifests are signatures, and of what: cosign's legacy tag scheme (<c>sha256-&lt;hex&gt;.sig</c>, layers
/// <c>application/vnd.dev.cosign.simplesigning.v1+json</c>), referrers whose artifactType is cosign's, a Sigstore
/// bundle's (v0.3, with or without the <c>;version=</c> parameter) or Notation's.
/// </summary>
public static class SignatureManifests
{
    public const string CosignArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public const string SigstoreBundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string SigstoreBundleVersionedArtifactType = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    public const string NotationArtifactType = "application/vnd.cncf.notary.signature";
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string DsseEnvelopeMediaType = "application/vnd.dsse.envelope.v1+json";

    /// <summary>The signature family of a referrer with <paramref name="artifactType"/>, or null when it is no signature.</summary>
    public static SignatureKind? KindOf(string? artifactType)
    {
        if (artifactType is null)
        {
            return null;
        }

        if (artifactType == CosignArtifactType || IsSigstoreBundle(artifactType))
        {
            return SignatureKind.Cosign;
        }

        return artifactType == NotationArtifactType ? SignatureKind.Notation : null;
    }

    /// <summary>Sigstore bundle media types: <c>application/vnd.dev.sigstore.bundle.v0.3+json</c> and <c>application/vnd.dev.sigstore.bundle+json;version=0.3</c>.</summary>
    public static bool IsSigstoreBundle(string artifactType)
    {
        ArgumentNullException.ThrowIfNull(artifactType);
        var compact = artifactType.Replace(" ", string.Empty, StringComparison.Ordinal);
        return compact.StartsWith("application/vnd.dev.sigstore.bundle.v0.", StringComparison.Ordinal) && compact.EndsWith("+json", StringComparison.Ordinal)
            || compact.StartsWith("application/vnd.dev.sigstore.bundle+json;version=0.", StringComparison.Ordinal);
    }

    /// <summary>The cosign tag of <paramref name="subjectDigest"/>'s signatures (<c>sha256-&lt;hex&gt;.sig</c>).</summary>
    public static string CosignTag(string subjectDigest) => CosignTagScheme.TagFor(subjectDigest, CosignTagKind.Signature);

    /// <summary>
    /// The subject a cosign signature tag names (<c>sha256-&lt;hex&gt;.sig</c> → <c>sha256:&lt;hex&gt;</c>), or null.
    /// <c>.att</c> and <c>.sbom</c> tags are accessories but no signatures: they never make their subject trusted.
    /// </summary>
    public static string? SubjectOfCosignTag(string? tag) =>
        CosignTagScheme.Parse(tag) is { Kind: CosignTagKind.Signature } named ? named.Subject : null;

    /// <summary>
    /// The subject a pushed manifest signs, when it is a signature: a referrer of a signature artifactType names its
    /// subject; a manifest tagged <c>sha256-&lt;hex&gt;.sig</c> signs that digest. Null for anything else.
    /// </summary>
    public static string? SignedSubject(string? artifactType, string? subject, string? tag) =>
        subject is not null && KindOf(artifactType) is not null ? subject : SubjectOfCosignTag(tag);

    /// <summary>
    /// Whether a manifest being pulled is itself a signature (so content trust lets it through): pulled by a cosign
    /// signature tag, a referrer of a signature artifactType, or a manifest whose every layer is a cosign
    /// simple-signing payload (a legacy <c>.sig</c> manifest pulled by digest).
    /// </summary>
    public static bool IsSignatureArtifact(string reference, ReadOnlySpan<byte> content) =>
        SubjectOfCosignTag(reference) is not null || Read(content) is { } shape && (KindOf(shape.ArtifactType) is not null || shape.LayersAre(SimpleSigningMediaType));

    /// <summary>
    /// Whether content trust lets a pulled manifest through as an accessory: a signature (<see cref="IsSignatureArtifact"/>),
    /// anything pulled by a cosign <c>.att</c> or <c>.sbom</c> tag, or a manifest whose every layer is a DSSE envelope (a
    /// cosign attestation pulled by digest). Attestations pass without being verified and never count as signatures.
    /// </summary>
    public static bool IsAccessoryArtifact(string reference, ReadOnlySpan<byte> content) =>
        CosignTagScheme.Parse(reference) is not null || Read(content) is { } shape &&
            (KindOf(shape.ArtifactType) is not null || shape.LayersAre(SimpleSigningMediaType) || shape.LayersAre(DsseEnvelopeMediaType));

    /// <summary>The subject a pushed manifest (its bytes, and the tag it was pushed with) signs, or null when it is no signature.</summary>
    public static string? SignedSubjectOf(ReadOnlySpan<byte> content, string? tag)
    {
        var shape = Read(content);
        return SignedSubject(shape?.ArtifactType, shape?.Subject, tag);
    }

    /// <summary>A manifest's artifactType (else its config's media type), subject, and its layers' media types.</summary>
    private static ManifestShape? Read(ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return null;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var artifactType = String(root, "artifactType")
                    ?? (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object ? String(config, "mediaType") : null);
                var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? String(s, "digest") : null;
                var layerTypes = root.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
                    ? layers.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.Object ? String(l, "mediaType") : null).ToList()
                    : [];
                return new ManifestShape(artifactType, subject, layerTypes);
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ManifestShape(string? ArtifactType, string? Subject, IReadOnlyList<string?> LayerTypes)
    {
        /// <summary>True when there is at least one layer and every layer has <paramref name="mediaType"/>.</summary>
        public bool LayersAre(string mediaType) => LayerTypes.Count > 0 && LayerTypes.All(t => t == mediaType);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
