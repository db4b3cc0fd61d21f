namespace ArtifactKeeper.Registry;

/// <summary>Lifecycle of a blob: the online-GC lock point (DESIGN §4, invariant 4).</summary>
[GenerateSerializer]
public enum BlobState
{
    Unknown = 0,
    Present,
    Deleting,
    Gone,
}

/// <summary>What a blob grain reports about itself.</summary>
[GenerateSerializer, Immutable]
public sealed record BlobInfo(string Digest, long Size, BlobState State, int ReferenceCount, DateTimeOffset LastTouched);

/// <summary>Outcome of linking a blob into a repository.</summary>
[GenerateSerializer]
public enum LinkOutcome
{
    Linked = 0,
    /// <summary>The blob is unknown, or being deleted by GC: the client must upload it again.</summary>
    BlobGone,
    /// <summary>A mount named a source repository the blob is not linked to.</summary>
    NotInSource,
    /// <summary>The blob is new to the repository's project and would take it past its storage quota: nothing linked.</summary>
    QuotaExceeded,
}

/// <summary>Outcome of the GC asking a blob to start deleting itself.</summary>
[GenerateSerializer]
public enum DeleteOutcome
{
    Deleted = 0,
    StillReferenced,
    RecentlyTouched,
    AlreadyGone,
}

/// <summary>What <see cref="IBlobGrain.TryBeginDeleteAsync"/> decided, with the blob's size for the GC's figures.</summary>
[GenerateSerializer, Immutable]
public sealed record BeginDeleteResult(DeleteOutcome Outcome, long Size);
