using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Notation;

namespace ArtifactKeeper.Tests.Signing.Notation;

/// <summary>Wraps envelopes into signature artifacts and trust material into policies, as the registry would.</summary>
internal static class NotationTestKit
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>A Notation signature manifest with <paramref name="envelope"/> as its one layer and the given subject.</summary>
    public static SignatureArtifact Artifact(string envelopeMediaType, byte[] envelope, string subjectDigest, long subjectSize, string subjectMediaType)
    {
        var layerDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(envelope));
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ImageManifest,
            ["artifactType"] = NotationMediaTypes.Signature,
            ["config"] = new Dictionary<string, object> { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", ["size"] = 2 },
            ["layers"] = new[] { new Dictionary<string, object> { ["mediaType"] = envelopeMediaType, ["digest"] = layerDigest, ["size"] = envelope.Length } },
            ["subject"] = new Dictionary<string, object> { ["mediaType"] = subjectMediaType, ["digest"] = subjectDigest, ["size"] = subjectSize },
        });
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
        return new SignatureArtifact(SignatureKind.Notation, digest, NotationMediaTypes.Signature, manifest,
            new Dictionary<string, ReadOnlyMemory<byte>> { [layerDigest] = envelope });
    }

    public static ContentTrustPolicy Policy(IEnumerable<X509Certificate2> trustStore, string? trustPolicyJson) =>
        new(CosignTrust.None, new NotationTrust(true, [.. trustStore.Select(c => c.ExportCertificatePem())], trustPolicyJson), 1);

    /// <summary>A trust policy document with one statement.</summary>
    public static string PolicyJson(
        string level = "strict",
        string[]? stores = null,
        string[]? identities = null,
        string[]? scopes = null,
        string? verifyTimestamp = null,
        Dictionary<string, string>? overrides = null,
        string name = "test")
    {
        var verification = new Dictionary<string, object> { ["level"] = level };
        if (verifyTimestamp is not null)
            verification["verifyTimestamp"] = verifyTimestamp;
        if (overrides is not null)
            verification["override"] = overrides;
        var statement = new Dictionary<string, object>
        {
            ["name"] = name,
            ["registryScopes"] = scopes ?? ["*"],
            ["signatureVerification"] = verification,
        };
        if (level != "skip")
        {
            statement["trustStores"] = stores ?? ["ca:store", "signingAuthority:store"];
            statement["trustedIdentities"] = identities ?? ["*"];
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["version"] = "1.0", ["trustPolicies"] = new[] { statement } });
    }

    /// <summary>A certificate from a fixture file, PEM or DER.</summary>
    public static X509Certificate2 Certificate(byte[] bytes) =>
        bytes.Length > 0 && bytes[0] == (byte)'-'
            ? X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(bytes))
            : X509CertificateLoader.LoadCertificate(bytes);

    /// <summary>The signing certificate (<c>x5c[0]</c>) of a JWS envelope.</summary>
    public static X509Certificate2 JwsLeaf(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(document.RootElement.GetProperty("header").GetProperty("x5c")[0].GetString()!));
    }

    /// <summary>The signing certificate (<c>x5chain[0]</c>) of a COSE envelope.</summary>
    public static X509Certificate2 CoseLeaf(byte[] envelope)
    {
        var message = System.Security.Cryptography.Cose.CoseMessage.DecodeSign1(envelope);
        var chain = message.UnprotectedHeaders[new System.Security.Cryptography.Cose.CoseHeaderLabel(33)].EncodedValue;
        var reader = new System.Formats.Cbor.CborReader(chain);
        if (reader.PeekState() == System.Formats.Cbor.CborReaderState.StartArray)
            reader.ReadStartArray();
        return X509CertificateLoader.LoadCertificate(reader.ReadByteString());
    }
}
