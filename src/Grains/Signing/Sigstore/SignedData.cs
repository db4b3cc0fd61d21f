using System.Security.Cryptography;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>How Sigstore clients check a signature over data when the hash is not stated.</summary>
public static class SignedData
{
    /// <summary>
    /// With the key's own hash first, then SHA-256: a P-384 key may have signed with SHA-256 (sigstore-python's
    /// bundle.txt.sigstore), and sigstore-go falls back the same way.
    /// </summary>
    public static bool Verifies(VerificationKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.VerifyData(data, signature, key.DefaultHash)
            || (key.DefaultHash != HashAlgorithmName.SHA256 && key.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }
}
