namespace ArtifactKeeper.Retention;

/// <summary>
/// One thing retention decides about: a tag (or version, or path) of an artifact, or an untagged artifact.
/// <para>
/// <see cref="Key"/> is unique within the repository. <see cref="Tag"/> is the name tag selectors match (a tag, a
/// version, a path); null for an untagged artifact. <see cref="Digest"/> names the artifact a deletion removes:
/// candidates sharing a digest are tags of one artifact, which is deleted only when none of them is kept.
/// <see cref="Group"/> makes count rules rank within a group (an architecture, a snapshot base version); null is one
/// group for the whole repository. <see cref="Protections"/> are reasons never to delete it (an immutable tag, a
/// dist-tag pointing at it). <see cref="Anchors"/> are artifacts whose survival keeps it (the subject of a signature,
/// the index holding a child). A <see cref="Dependent"/> candidate is never selected by rules: it lives while one of its
/// anchors lives and is deleted with the last of them (an untagged signature, an untagged index child).
/// </para>
/// </summary>
public sealed record RetentionCandidate(
    string Key,
    string? Tag,
    string Digest,
    DateTimeOffset PushedAt,
    DateTimeOffset? PulledAt,
    IReadOnlyList<string> Labels,
    string? Group = null,
    IReadOnlyList<string>? Protections = null,
    IReadOnlyList<RetentionAnchor>? Anchors = null,
    bool Dependent = false)
{
    public IReadOnlyList<string> ProtectionReasons => Protections ?? [];

    public IReadOnlyList<RetentionAnchor> AnchorList => Anchors ?? [];
}

/// <summary>An artifact whose survival keeps a candidate, and how they relate (<c>signature of</c>, <c>child of index</c>).</summary>
public sealed record RetentionAnchor(string Digest, string Relation);
