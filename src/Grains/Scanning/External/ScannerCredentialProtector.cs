using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Seals a scanner registration's access credential for the metadata store, bound to the registration's uuid (a
/// ciphertext copied to another row does not open).
/// </summary>
public sealed class ScannerCredentialProtector(ISettingsMetadata settings)
    : StoredSecretProtector(settings, KeySetting, "artifactkeeper-scanner-credential-v1")
{
    public const string KeySetting = "scanning.registration-credential-key";

    public Task<string> ProtectAsync(string credential, string uuid, CancellationToken cancellationToken) =>
        SealAsync(credential, uuid, cancellationToken);

    /// <summary>The credential; empty for none; null when the stored value is damaged or belongs to another row.</summary>
    public Task<string?> UnprotectAsync(string stored, string uuid, CancellationToken cancellationToken) =>
        OpenAsync(stored, uuid, cancellationToken);
}
