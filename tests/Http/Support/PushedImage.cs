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
    byte[] Layer);
