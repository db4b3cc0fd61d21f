using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Sigstore;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>
/// A project's cosign trust, read once per verification: the public keys that parse, the trusted root (or why it
/// did not parse) and the keyless identities.
/// </summary>
public sealed class CosignTrustMaterial : IDisposable
{
    private CosignTrustMaterial(IReadOnlyList<VerificationKey> keys, int unreadableKeys, TrustedRoot? root, string? rootError, IReadOnlyList<KeylessIdentity> keyless)
    {
        Keys = keys;
        UnreadableKeys = unreadableKeys;
        Root = root;
        RootError = rootError;
        Keyless = keyless;
    }

    public IReadOnlyList<VerificationKey> Keys { get; }

    public int UnreadableKeys { get; }

    public TrustedRoot? Root { get; }

    public string? RootError { get; }

    public IReadOnlyList<KeylessIdentity> Keyless { get; }

    public static CosignTrustMaterial From(CosignTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var keys = new List<VerificationKey>();
        var unreadable = 0;
        foreach (var pem in trust.PublicKeys)
        {
            if (VerificationKey.TryFromPem(pem, out var key, out _))
                keys.Add(key!);
            else
                unreadable++;
        }

        TrustedRoot? root = null;
        string? rootError = null;
        if (!string.IsNullOrWhiteSpace(trust.TrustedRootJson) && !TrustedRoot.TryParse(trust.TrustedRootJson, out root, out rootError))
            root = null;
        return new CosignTrustMaterial(keys, unreadable, root, rootError, trust.Keyless);
    }

    /// <summary>Why no key verified: none configured, or none of those configured.</summary>
    public string NoKeyReason() => Keys.Count == 0
        ? UnreadableKeys > 0 ? $"none of the {UnreadableKeys} configured public keys is a readable PEM key" : "no cosign public keys are configured"
        : "no configured key verifies the signature";

    public void Dispose()
    {
        foreach (var key in Keys)
            key.Dispose();
        Root?.Dispose();
    }
}
