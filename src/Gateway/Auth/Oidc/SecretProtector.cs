using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Seals CLI secrets for the metadata store. Reversible on purpose: Harbor shows the secret to its owner
/// (<c>oidc_user_meta.secret</c>), so a one-way hash would not do. Each value is bound to its owner's
/// (issuer, subject), so a ciphertext copied onto another user's row does not open.
/// </summary>
public sealed class SecretProtector(byte[] key)
{
    private readonly SecretSealer _sealer = new(key);

    public string Protect(string secret, string issuer, string subject) => _sealer.Seal(secret, Owner(issuer, subject));

    /// <summary>The secret, or null when <paramref name="protectedSecret"/> is damaged, foreign or belongs to someone else.</summary>
    public string? Unprotect(string protectedSecret, string issuer, string subject) => _sealer.Open(protectedSecret, Owner(issuer, subject));

    private static string Owner(string issuer, string subject) => $"artifactkeeper-cli-secret-v1\0{issuer}\0{subject}";
}
