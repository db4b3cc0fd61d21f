namespace ArtifactKeeper.Registry;

/// <summary>An open upload session as the upload grain knows it.</summary>
[GenerateSerializer, Immutable]
public sealed record UploadInfo(string Id, string Repository, long Offset, DateTimeOffset StartedAt);

/// <summary>
/// Permission to append bytes at <see cref="Offset"/>. Only one writer holds it at a time; the writer
/// ends it with <see cref="IUploadGrain.EndChunkAsync"/> (success or not).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChunkLease(RegistryError Error, long Offset, string? Repository)
{
    public bool Granted => Error == RegistryError.None;
}
