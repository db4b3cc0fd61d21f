using System.Security.Cryptography;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>A managed public key a bundle may be signed with, and when it may have signed.</summary>
public sealed record TrustedPublicKey(VerificationKey Key, TimeRange ValidFor);

/// <summary>
/// What a bundle must satisfy beyond the trusted root: the keyless identities and managed keys trusted, how many
/// verified transparency log entries and RFC 3161 timestamps are required (sigstore-go's thresholds), and whether
/// a root certificate inside the bundle's chain is tolerated (old sigstore-js bundles carry one; the conformance
/// suite rejects it, and so does the default).
/// </summary>
public sealed record SigstoreVerificationPolicy(
    IReadOnlyList<KeylessIdentity> Identities,
    IReadOnlyList<TrustedPublicKey> Keys,
    int TransparencyLogThreshold = 1,
    int TimestampThreshold = 0,
    bool TolerateRootInChain = false);

/// <summary>
/// What the bundle signs: the artifact's bytes, or only its SHA-256 digest (an image manifest known by digest).
/// </summary>
public sealed record SigstoreArtifact(byte[]? Bytes, byte[] Sha256)
{
    public static SigstoreArtifact FromBytes(byte[] bytes) => new(bytes, SHA256.HashData(bytes));

    /// <summary>From an OCI digest string <c>sha256:&lt;hex&gt;</c>; null when it is not one.</summary>
    public static SigstoreArtifact? FromDigest(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
            return null;
        try
        {
            return new SigstoreArtifact(null, Convert.FromHexString(digest.AsSpan(7)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string Digest => "sha256:" + Convert.ToHexStringLower(Sha256);
}
