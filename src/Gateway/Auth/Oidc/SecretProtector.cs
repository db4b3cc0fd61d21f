using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// Encrypts CLI secrets for the metadata store with AES-256-GCM. Reversible on purpose: Harbor shows the secret to
/// its owner (<c>oidc_user_meta.secret</c>), so a one-way hash would not do. Each value is bound to its owner's
/// (issuer, subject) as associated data, so a ciphertext copied onto another user's row does not decrypt.
/// Format: <c>v1.&lt;base64url(nonce ‖ ciphertext ‖ tag)&gt;</c>.
/// </summary>
public sealed class SecretProtector
{
    private const string Prefix = "v1.";
    private const int KeyLength = 32;
    private readonly byte[] _key;

    public SecretProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The key must be {KeyLength} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public string Protect(string secret, string issuer, string subject)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plain.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length, plain.Length), sealedBytes.AsSpan(nonce.Length + plain.Length), Owner(issuer, subject));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The secret, or null when <paramref name="protectedSecret"/> is damaged, foreign or belongs to someone else.</summary>
    public string? Unprotect(string protectedSecret, string issuer, string subject)
    {
        if (string.IsNullOrEmpty(protectedSecret) || !protectedSecret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var sealedBytes = Base64Url.DecodeFromChars(protectedSecret.AsSpan(Prefix.Length));
            var overhead = AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize;
            if (sealedBytes.Length < overhead)
            {
                return null;
            }

            var length = sealedBytes.Length - overhead;
            var plain = new byte[length];
            using var aes = new AesGcm(_key, AesGcm.TagByteSizes.MaxSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize),
                sealedBytes.AsSpan(AesGcm.NonceByteSizes.MaxSize, length),
                sealedBytes.AsSpan(AesGcm.NonceByteSizes.MaxSize + length),
                plain,
                Owner(issuer, subject));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static byte[] Owner(string issuer, string subject) => Encoding.UTF8.GetBytes($"artifactkeeper-cli-secret-v1\0{issuer}\0{subject}");
}
