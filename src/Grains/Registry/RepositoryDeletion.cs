namespace ArtifactKeeper.Registry;

/// <summary>
/// One deletion of a <see cref="RepositoryBatchDeleter"/> batch. With <see cref="Tag"/>: that tag, provided it still
/// names <see cref="Digest"/> (the manifest stays). Without: the manifest <see cref="Digest"/> with every tag on it,
/// provided each of them is in <see cref="ExpectedTags"/> when that is given (a tag pushed onto the artifact since the
/// deletion was decided saves it).
/// </summary>
public sealed record RepositoryDeletion(string Digest, string? Tag, IReadOnlySet<string>? ExpectedTags = null);
