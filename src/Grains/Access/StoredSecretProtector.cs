using System.Security.Cryptography;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Access;

/// <summary>
/// Seals secrets the registry must read back for the metadata store (<see cref="SecretSealer"/>), bound to a purpose
/// and the owning row. The key is made once and kept in the store's settings under <paramref name="keySetting"/>, so
/// every gateway and silo reads the same one.
/// </summary>
public abstract class StoredSecretProtector(ISettingsMetadata settings, string keySetting, string purpose)
{
    private readonly Lazy<Task<SecretSealer>> _sealer = new(() => LoadAsync(settings, keySetting));

    /// <summary>The sealed form of <paramref name="secret"/>; empty for an empty secret.</summary>
    protected async Task<string> SealAsync(string secret, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length == 0 ? string.Empty : (await _sealer.Value.WaitAsync(cancellationToken)).Seal(secret, Owner(owner));
    }

    /// <summary>The secret; empty for none; null when the stored value is damaged or belongs to another row.</summary>
    protected async Task<string?> OpenAsync(string stored, string owner, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(stored) ? string.Empty : (await _sealer.Value.WaitAsync(cancellationToken)).Open(stored, Owner(owner));

    private string Owner(string owner) => $"{purpose}\0{owner}";

    private static async Task<SecretSealer> LoadAsync(ISettingsMetadata settings, string keySetting)
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretSealer.KeyLength));
        var stored = await settings.GetOrAddSettingAsync(keySetting, candidate, CancellationToken.None);
        return new SecretSealer(Convert.FromBase64String(stored));
    }
}
