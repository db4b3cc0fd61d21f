namespace ArtifactKeeper.Registry.Manifests;

/// <summary>An OCI content descriptor: what a manifest points at, by media type, digest and size.</summary>
public sealed record ManifestDescriptor(string MediaType, string Digest, long Size);
