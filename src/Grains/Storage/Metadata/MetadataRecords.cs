using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>How a manifest refers to another piece of content.</summary>
public enum ReferenceKind
{
    /// <summary>A config or layer blob (must be present and linked in the repository).</summary>
    Blob = 0,
    /// <summary>A child manifest of an index (must exist in the repository).</summary>
    Manifest = 1,
    /// <summary>The manifest's subject (may be absent: referrers may arrive before their subject).</summary>
    Subject = 2,
}

/// <summary>One outgoing reference of a manifest, kept for the GC mark phase and the referrers index.</summary>
public sealed record ManifestReference(string Digest, ReferenceKind Kind);

/// <summary>A stored manifest. <see cref="Content"/> is at most 4 MiB.</summary>
public sealed record ManifestRecord(
    string Repository,
    string Digest,
    string MediaType,
    string? ArtifactType,
    long Size,
    string? Subject,
    byte[] Content,
    IReadOnlyList<ManifestReference> References,
    IReadOnlyDictionary<string, string>? Annotations,
    DateTimeOffset PushedAt);

/// <summary>A tag pointing at a manifest digest.</summary>
public sealed record TagRecord(string Name, string Digest, DateTimeOffset PushedAt);

/// <summary>Everything a repository grain loads on activation.</summary>
public sealed record RepositorySnapshot(IReadOnlyList<ManifestRecord> Manifests, IReadOnlyList<TagRecord> Tags);

/// <summary>A blob's metadata row with the repositories that link it.</summary>
public sealed record BlobRecord(
    string Digest,
    long Size,
    BlobState State,
    DateTimeOffset LastTouched,
    IReadOnlyCollection<string> Repositories);

/// <summary>An open upload session.</summary>
public sealed record UploadRecord(string Id, string Repository, long Offset, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

/// <summary>A project row. Metadata holds Harbor's string-valued keys (public, auto_scan, ...).</summary>
public sealed record ProjectRecord(
    long ProjectId,
    string Name,
    string OwnerName,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime);

/// <summary>A local user. <see cref="PasswordHash"/> is a self-describing PBKDF2 hash string.</summary>
public sealed record UserRecord(long UserId, string Username, string PasswordHash, bool IsAdmin, DateTimeOffset CreationTime);
