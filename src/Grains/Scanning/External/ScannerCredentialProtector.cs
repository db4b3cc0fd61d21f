using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Encrypts a scanner registration's access credential for the metadata store with AES-256-GCM, bound to the
/// registration's uuid (a ciphertext copied to another row does not decrypt). The key is made once and kept in the
/// store's settings, so every gateway and silo reads the same one. Format: <c>v1.&lt;base64url(nonce‖ciphertext‖tag)&gt;</c>.
/// </summary>
public sealed class ScannerCredentialProtector(ISettingsMetadata settings)
{
    public const string KeySetting = "scanning.registration-credential-key";
    private const string Prefix = "v1.";
    private readonly Lazy<Task<byte[]>> _key = new(() => LoadKeyAsync(settings));

    public async Task<string> ProtectAsync(string credential, string uuid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.Length == 0)
        {
            return string.Empty;
        }

        var key = await _key.Value.WaitAsync(cancellationToken);
        var plain = Encoding.UTF8.GetBytes(credential);
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + plain.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length, plain.Length), sealedBytes.AsSpan(nonce.Length + plain.Length), Owner(uuid));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The credential; empty for none; null when the stored value is damaged or belongs to another row.</summary>
    public async Task<string?> UnprotectAsync(string stored, string uuid, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return string.Empty;
        }

        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = await _key.Value.WaitAsync(cancellationToken);
        try
        {
            var sealedBytes = Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length));
            var overhead = AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize;
            if (sealedBytes.Length < overhead)
            {
                return null;
            }

            var length = sealedBytes.Length - overhead;
            var plain = new byte[length];
            using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
            aes.Decrypt(
                sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize),
                sealedBytes.AsSpan(AesGcm.NonceByteSizes.MaxSize, length),
                sealedBytes.AsSpan(AesGcm.NonceByteSizes.MaxSize + length),
                plain,
                Owner(uuid));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static async Task<byte[]> LoadKeyAsync(ISettingsMetadata settings)
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var stored = await settings.GetOrAddSettingAsync(KeySetting, candidate, CancellationToken.None);
        return Convert.FromBase64String(stored);
    }

    private static byte[] Owner(string uuid) => Encoding.UTF8.GetBytes($"artifactkeeper-scanner-credential-v1\0{uuid}");
}
