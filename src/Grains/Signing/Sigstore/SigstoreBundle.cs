using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>One transparency log entry of a bundle (proto3 JSON: int64 as strings, defaults omitted).</summary>
public sealed record BundleTlogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string Version,
    long? IntegratedTime,
    byte[]? SignedEntryTimestamp,
    BundleInclusionProof? InclusionProof,
    byte[] CanonicalizedBody)
{
    /// <summary>Rekor v2 writes <c>hashedrekord</c> and <c>dsse</c> 0.0.2; <c>intoto</c> 0.0.2 is a Rekor v1 type.</summary>
    public bool IsRekorV2 => Version == "0.0.2" && Kind is "hashedrekord" or "dsse";
}

/// <summary>An RFC 6962 inclusion proof with the log checkpoint it ends in.</summary>
public sealed record BundleInclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint);

/// <summary>A DSSE envelope with its (base64-decoded) payload and signatures.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<byte[]> Signatures);

/// <summary>
/// A Sigstore bundle (v0.1, v0.2, v0.3): verification material (a certificate, a certificate chain or a public
/// key hint), transparency log entries, RFC 3161 timestamps, and either a message signature or a DSSE envelope.
/// </summary>
public sealed record SigstoreBundle(
    string MediaType,
    int MinorVersion,
    IReadOnlyList<X509Certificate2> Certificates,
    bool HasPublicKey,
    IReadOnlyList<BundleTlogEntry> TlogEntries,
    IReadOnlyList<byte[]> Timestamps,
    byte[]? MessageDigest,
    string? MessageDigestAlgorithm,
    byte[]? MessageSignature,
    DsseEnvelope? Dsse)
{
    /// <summary>The signature bytes timestamps cover and the log records.</summary>
    public byte[] Signature => MessageSignature ?? (Dsse is { Signatures.Count: > 0 } envelope ? envelope.Signatures[0] : []);

    public static SigstoreBundle? TryParse(string json, out string reason)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var mediaType = Text(root, "mediaType") ?? "";
            var version = MinorVersionOf(mediaType);
            if (version is null)
            {
                reason = $"unsupported bundle media type \"{mediaType}\"";
                return null;
            }

            var material = root.GetProperty("verificationMaterial");
            var certificates = new List<X509Certificate2>();
            if (material.TryGetProperty("certificate", out var certificate))
                certificates.Add(Certificate(certificate));
            else if (material.TryGetProperty("x509CertificateChain", out var chain))
                certificates.AddRange(Array(chain, "certificates").Select(Certificate));
            var hasKey = material.TryGetProperty("publicKey", out _);

            var entries = Array(material, "tlogEntries").Select(Entry).ToList();
            var timestamps = material.TryGetProperty("timestampVerificationData", out var data) && data.ValueKind == JsonValueKind.Object
                ? Array(data, "rfc3161Timestamps").Select(t => Bytes(t, "signedTimestamp")).ToList()
                : [];

            byte[]? digest = null, signature = null;
            string? algorithm = null;
            DsseEnvelope? dsse = null;
            if (root.TryGetProperty("messageSignature", out var message))
            {
                signature = Bytes(message, "signature");
                if (message.TryGetProperty("messageDigest", out var md))
                {
                    digest = Bytes(md, "digest");
                    algorithm = Text(md, "algorithm");
                }
            }
            else if (root.TryGetProperty("dsseEnvelope", out var envelope))
            {
                dsse = new DsseEnvelope(
                    Text(envelope, "payloadType") ?? "",
                    Bytes(envelope, "payload"),
                    [.. Array(envelope, "signatures").Select(s => Bytes(s, "sig"))]);
            }
            else
            {
                reason = "the bundle has neither a message signature nor a DSSE envelope";
                return null;
            }

            reason = "";
            return new SigstoreBundle(mediaType, version.Value, certificates, hasKey, entries, timestamps, digest, algorithm, signature, dsse);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
                                      or System.Security.Cryptography.CryptographicException or OverflowException)
        {
            reason = "the bundle is malformed: " + e.Message;
            return null;
        }
    }

    private static int? MinorVersionOf(string mediaType) => mediaType switch
    {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" => 1,
        "application/vnd.dev.sigstore.bundle+json;version=0.2" => 2,
        "application/vnd.dev.sigstore.bundle+json;version=0.3" or "application/vnd.dev.sigstore.bundle.v0.3+json" => 3,
        _ => null,
    };

    private static BundleTlogEntry Entry(JsonElement entry)
    {
        var kindVersion = entry.GetProperty("kindVersion");
        BundleInclusionProof? proof = null;
        if (entry.TryGetProperty("inclusionProof", out var p))
        {
            var checkpoint = p.TryGetProperty("checkpoint", out var c) ? Text(c, "envelope") : null;
            proof = new BundleInclusionProof(Int64(p, "logIndex"), Bytes(p, "rootHash"), Int64(p, "treeSize"),
                [.. Array(p, "hashes").Select(h => Convert.FromBase64String(h.GetString()!))], checkpoint);
        }

        byte[]? set = null;
        if (entry.TryGetProperty("inclusionPromise", out var promise))
            set = Bytes(promise, "signedEntryTimestamp");
        return new BundleTlogEntry(
            Int64(entry, "logIndex"),
            Bytes(entry.GetProperty("logId"), "keyId"),
            Text(kindVersion, "kind") ?? "",
            Text(kindVersion, "version") ?? "",
            entry.TryGetProperty("integratedTime", out _) ? Int64(entry, "integratedTime") : null,
            set,
            proof,
            Bytes(entry, "canonicalizedBody"));
    }

    private static X509Certificate2 Certificate(JsonElement holder) => X509CertificateLoader.LoadCertificate(Bytes(holder, "rawBytes"));

    private static List<JsonElement> Array(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Bytes(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Convert.FromBase64String(value.GetString()!) : [];

    /// <summary>proto3 JSON writes int64 as a string (a number is accepted too); an absent field is 0.</summary>
    private static long Int64(JsonElement owner, string name)
    {
        if (!owner.TryGetProperty(name, out var value))
            return 0;
        return value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
