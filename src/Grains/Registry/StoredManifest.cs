using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry;

/// <summary>A stored manifest with the read model pulls are served from (built once, never copied).</summary>
public sealed class StoredManifest(ManifestRecord record)
{
    public ManifestRecord Record { get; } = record;

    public ManifestContent Content { get; } = new(record.Digest, record.MediaType, record.Content, record.Subject);
}
