using System.Security.Cryptography;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Seals a scanner registration's access credential for the metadata store (<see cref="SecretSealer"/>), bound to the
/// registration's uuid (a ciphertext copied to another row does not open). The key is made once and kept in the
/// store's settings, so every gateway and silo reads the same one.
/// </summary>
public sealed class ScannerCredentialProtector(ISettingsMetadata settings)
{
    public const string KeySetting = "scanning.registration-credential-key";
    private readonly Lazy<Task<SecretSealer>> _sealer = new(() => LoadAsync(settings));

    public async Task<string> ProtectAsync(string credential, string uuid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential.Length == 0 ? string.Empty : (await _sealer.Value.WaitAsync(cancellationToken)).Seal(credential, Owner(uuid));
    }

    /// <summary>The credential; empty for none; null when the stored value is damaged or belongs to another row.</summary>
    public async Task<string?> UnprotectAsync(string stored, string uuid, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(stored) ? string.Empty : (await _sealer.Value.WaitAsync(cancellationToken)).Open(stored, Owner(uuid));

    private static async Task<SecretSealer> LoadAsync(ISettingsMetadata settings)
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretSealer.KeyLength));
        var stored = await settings.GetOrAddSettingAsync(KeySetting, candidate, CancellationToken.None);
        return new SecretSealer(Convert.FromBase64String(stored));
    }

    private static string Owner(string uuid) => $"artifactkeeper-scanner-credential-v1\0{uuid}";
}
