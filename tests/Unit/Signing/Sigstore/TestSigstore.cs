using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>
/// A throwaway Sigstore instance made with the platform's crypto: a Fulcio-like CA that issues short-lived leaves
/// with a SAN and the OIDC issuer extension, and a Rekor-like log key that signs entry timestamps.
/// </summary>
internal sealed class TestSigstore : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public TestSigstore()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-fulcio, O=test.sigstore", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = request.CreateSelfSigned(Start.AddYears(-1), Start.AddYears(5));
    }

    public X509Certificate2 Ca { get; }

    public ECDsa LogKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] LogId => SHA256.HashData(LogKey.ExportSubjectPublicKeyInfo());

    /// <summary>A code-signing leaf for <paramref name="identity"/> (email or URI SAN) from <paramref name="issuer"/>.</summary>
    public X509Certificate2 Leaf(ECDsa key, string identity, string issuer, DateTimeOffset from, DateTimeOffset to, X509Certificate2? signer = null)
    {
        var request = new CertificateRequest("CN=", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        var san = new SubjectAlternativeNameBuilder();
        if (identity.Contains("://", StringComparison.Ordinal))
            san.AddUri(new Uri(identity));
        else
            san.AddEmailAddress(identity);
        request.CertificateExtensions.Add(san.Build(true));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, issuer);
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", writer.Encode(), false));
        return request.Create(signer ?? Ca, from, to, RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>trusted_root.json with this CA and log, both valid from a year before <see cref="Start"/>.</summary>
    public string TrustedRootJson(byte[]? logSpki = null)
    {
        var start = Start.AddYears(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var spki = logSpki ?? LogKey.ExportSubjectPublicKeyInfo();
        var root = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = new JsonArray(new JsonObject
            {
                ["baseUrl"] = "https://rekor.test",
                ["hashAlgorithm"] = "SHA2_256",
                ["publicKey"] = new JsonObject
                {
                    ["rawBytes"] = Convert.ToBase64String(spki),
                    ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256",
                    ["validFor"] = new JsonObject { ["start"] = start },
                },
                ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(spki)) },
            }),
            ["certificateAuthorities"] = new JsonArray(new JsonObject
            {
                ["uri"] = "https://fulcio.test",
                ["certChain"] = new JsonObject { ["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(Ca.RawData) }) },
                ["validFor"] = new JsonObject { ["start"] = start },
            }),
        };
        return root.ToJsonString();
    }

    /// <summary>A trusted_root.json from raw material: CA chains (DER, leaf first, root last) and log keys (SPKI DER).</summary>
    public static string RootJson(IEnumerable<IReadOnlyList<byte[]>> caChains, IEnumerable<byte[]> logKeys, DateTimeOffset start, IEnumerable<IReadOnlyList<byte[]>>? tsaChains = null)
    {
        var from = start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var tlogs = new JsonArray();
        foreach (var spki in logKeys)
        {
            tlogs.Add(new JsonObject
            {
                ["baseUrl"] = "https://rekor.test",
                ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(spki), ["validFor"] = new JsonObject { ["start"] = from } },
                ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(spki)) },
            });
        }

        var authorities = new JsonArray();
        foreach (var chain in caChains)
        {
            var certificates = new JsonArray();
            foreach (var der in chain)
                certificates.Add(new JsonObject { ["rawBytes"] = Convert.ToBase64String(der) });
            authorities.Add(new JsonObject { ["certChain"] = new JsonObject { ["certificates"] = certificates }, ["validFor"] = new JsonObject { ["start"] = from } });
        }

        var tsas = new JsonArray();
        foreach (var chain in tsaChains ?? [])
        {
            var certificates = new JsonArray();
            foreach (var der in chain)
                certificates.Add(new JsonObject { ["rawBytes"] = Convert.ToBase64String(der) });
            tsas.Add(new JsonObject { ["certChain"] = new JsonObject { ["certificates"] = certificates }, ["validFor"] = new JsonObject { ["start"] = from } });
        }

        return new JsonObject { ["tlogs"] = tlogs, ["certificateAuthorities"] = authorities, ["timestampAuthorities"] = tsas }.ToJsonString();
    }

    /// <summary>
    /// The <c>dev.sigstore.cosign/bundle</c> annotation for a hashedrekord entry of <paramref name="payload"/> signed
    /// by <paramref name="signature"/> under <paramref name="certificatePem"/>, logged at <paramref name="integrated"/>.
    /// </summary>
    public string RekorBundle(byte[] payload, byte[] signature, string certificatePem, DateTimeOffset integrated, bool tamperSignature = false)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "hashedrekord",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(payload)) } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem)) },
                },
            },
        }.ToJsonString());
        var fields = new RekorEntryFields(body, integrated.ToUnixTimeSeconds(), LogId, 42);
        var set = LogKey.SignData(SignedEntryTimestamp.Canonical(fields), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (tamperSignature)
            set[^1] ^= 0x01;
        return new JsonObject
        {
            ["SignedEntryTimestamp"] = Convert.ToBase64String(set),
            ["Payload"] = new JsonObject
            {
                ["body"] = Convert.ToBase64String(body),
                ["integratedTime"] = fields.IntegratedTime,
                ["logIndex"] = fields.LogIndex,
                ["logID"] = Convert.ToHexStringLower(fields.LogId),
            },
        }.ToJsonString();
    }

    /// <summary>
    /// A v0.3 message-signature bundle over <paramref name="digest"/> (a SHA-256, e.g. an image manifest digest):
    /// hashedrekord 0.0.1 entry with a SET and, in a one-entry tree, an inclusion proof (proto3 omits its index 0
    /// and empty hashes) ending in a checkpoint this log signed.
    /// </summary>
    public string MessageBundle(ECDsa key, X509Certificate2 leaf, byte[] digest, DateTimeOffset integrated, bool tamperCheckpoint = false, byte[]? proofRoot = null)
    {
        var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "hashedrekord",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(digest) } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(leaf.ExportCertificatePem())) },
                },
            },
        }.ToJsonString());
        var fields = new RekorEntryFields(body, integrated.ToUnixTimeSeconds(), LogId, 7);
        var set = LogKey.SignData(SignedEntryTimestamp.Canonical(fields), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var root = MerkleInclusionProof.LeafHash(body);
        var note = $"rekor.test - 4242\n1\n{Convert.ToBase64String(root)}\n";
        var noteSignature = LogKey.SignData(Encoding.UTF8.GetBytes(note), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (tamperCheckpoint)
            noteSignature[^1] ^= 0x01;
        var checkpoint = note + "\n\u2014 rekor.test " + Convert.ToBase64String([.. LogId.AsSpan(0, 4), .. noteSignature]) + "\n";
        return new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject
            {
                ["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(leaf.RawData) },
                ["tlogEntries"] = new JsonArray(new JsonObject
                {
                    ["logIndex"] = "7",
                    ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(LogId) },
                    ["kindVersion"] = new JsonObject { ["kind"] = "hashedrekord", ["version"] = "0.0.1" },
                    ["integratedTime"] = fields.IntegratedTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(set) },
                    ["inclusionProof"] = new JsonObject
                    {
                        ["rootHash"] = Convert.ToBase64String(proofRoot ?? root),
                        ["treeSize"] = "1",
                        ["checkpoint"] = new JsonObject { ["envelope"] = checkpoint },
                    },
                    ["canonicalizedBody"] = Convert.ToBase64String(body),
                }),
            },
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        }.ToJsonString();
    }

    public void Dispose()
    {
        Ca.Dispose();
        LogKey.Dispose();
    }
}
