using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Access;

/// <summary>
/// Seals secrets the registry must read back (OIDC CLI secrets, scanner credentials) for the metadata store with
/// AES-256-GCM. Each value is bound to its owner through associated data (<c>owner</c>: a purpose and the row's
/// identity), so a ciphertext copied onto another row does not open. Format:
/// <c>v1.&lt;base64url(nonce ‖ ciphertext ‖ tag)&gt;</c>.
/// </summary>
public sealed class SecretSealer
{
    public const int KeyLength = 32;
    private const string Prefix = "v1.";
    private readonly byte[] _key;

    public SecretSealer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The key must be {KeyLength} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public string Seal(string secret, string owner)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(owner);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plain.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length, plain.Length), sealedBytes.AsSpan(nonce.Length + plain.Length), Encoding.UTF8.GetBytes(owner));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The secret, or null when <paramref name="sealedSecret"/> is damaged, foreign or sealed for another owner.</summary>
    public string? Open(string sealedSecret, string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (string.IsNullOrEmpty(sealedSecret) || !sealedSecret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var sealedBytes = Base64Url.DecodeFromChars(sealedSecret.AsSpan(Prefix.Length));
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
                Encoding.UTF8.GetBytes(owner));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
