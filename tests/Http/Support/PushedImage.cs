namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>An image manifest pushed by <see cref="RegistryClient.PushImageAsync"/>, with what it references.</summary>
public sealed record PushedImage(
    string Repository,
    string? Tag,
    string Digest,
    byte[] Manifest,
    string MediaType,
    string ConfigDigest,
    string LayerDigest,
    byte[] Layer,
    byte[] Config)
{
    /// <summary>Uploads the config and layer again and puts the manifest under <paramref name="reference"/>, as a client re-pushing it does.</summary>
    public async Task<string> PushAgainAsync(RegistryClient client, string reference)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.PushBlobAsync(Repository, Config);
        await client.PushBlobAsync(Repository, Layer);
        return await client.PushManifestAsync(Repository, reference, Manifest, MediaType);
    }
}
