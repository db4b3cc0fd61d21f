namespace ArtifactKeeper.Retention;

/// <summary>What the planner decided for one candidate, and why.</summary>
public sealed record RetentionDecision(RetentionCandidate Candidate, RetentionActionKind Kind, string Reason);

/// <summary>Whether a deletion removes one tag (the artifact stays) or a whole artifact with all its tags.</summary>
public enum RetentionDeletionKind
{
    Tag = 0,
    Artifact,
}

/// <summary>
/// One deletion of a plan: a tag (<see cref="Tag"/> set) or an artifact with every candidate in <see cref="Keys"/>.
/// <see cref="Anchors"/> are the artifacts it depends on: if deleting one of them fails, this deletion is skipped.
/// </summary>
public sealed record RetentionDeletion(
    RetentionDeletionKind Kind, string Digest, string? Tag, IReadOnlyList<string> Keys, IReadOnlyList<string> Anchors);

/// <summary>
/// A repository's retention plan: one decision per candidate (in candidate order) and the deletions that carry it
/// out, tags first, then artifacts with every artifact after those it depends on (an index before its children, a
/// subject before its signatures).
/// </summary>
public sealed record RetentionPlan(IReadOnlyList<RetentionDecision> Decisions, IReadOnlyList<RetentionDeletion> Deletions);
