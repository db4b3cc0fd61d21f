using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication;

/// <summary>
/// Seals a registry endpoint's credential secret for the metadata store. Bound to the endpoint's name, which is
/// unique: a rename reseals (the API opens with the old name and seals with the new one).
/// </summary>
public sealed class RegistryCredentialProtector(ISettingsMetadata settings)
    : StoredSecretProtector(settings, KeySetting, "artifactkeeper-registry-credential-v1")
{
    public const string KeySetting = "replication.registry-credential-key";

    public Task<string> ProtectAsync(string secret, string endpointName, CancellationToken cancellationToken) =>
        SealAsync(secret, endpointName, cancellationToken);

    /// <summary>The secret; empty for none; null when the stored value is damaged or belongs to another endpoint.</summary>
    public Task<string?> UnprotectAsync(string stored, string endpointName, CancellationToken cancellationToken) =>
        OpenAsync(stored, endpointName, cancellationToken);
}
