namespace ArtifactKeeper.Retention;

/// <summary>
/// One retention rule in Harbor's terms: a template (<c>latestPushedK</c>, <c>latestPulledN</c>,
/// <c>nDaysSinceLastPush</c>, <c>nDaysSinceLastPull</c>, <c>always</c>, ...) with its parameters (numbers written as
/// invariant strings), the tag selectors it applies to and the repository selectors of its scope. Rules only retain:
/// whatever no rule retains is deleted.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionRule(
    int Id,
    int Priority,
    bool Disabled,
    string Action,
    string Template,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<RetentionSelector> TagSelectors,
    IReadOnlyList<RetentionSelector> RepositorySelectors);

/// <summary>
/// Harbor's selector: a kind (<c>doublestar</c>, <c>label</c>, ...), a decoration (<c>matches</c>, <c>excludes</c>,
/// <c>repoMatches</c>, <c>repoExcludes</c>, <c>withLabels</c>, <c>withoutLabels</c>), a pattern, and extras as Harbor
/// sends them (JSON text such as <c>{"untagged":true}</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionSelector(string Kind, string Decoration, string Pattern, string? Extras);

/// <summary>Evaluate <see cref="Rules"/> on one repository for an execution, deleting nothing when <see cref="DryRun"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionRepositoryRequest(long ExecutionId, IReadOnlyList<RetentionRule> Rules, bool DryRun);

/// <summary>What happened to one tag or untagged artifact.</summary>
[GenerateSerializer]
public enum RetentionActionKind
{
    Retained = 0,
    /// <summary>The tag was removed; its artifact stays because another of its tags is retained.</summary>
    TagDeleted,
    /// <summary>The artifact (and with it this tag, if any) was deleted: none of its tags was retained.</summary>
    ArtifactDeleted,
    /// <summary>No rule retained it, but it is protected (an immutable tag, an accessory of a retained artifact, ...).</summary>
    Skipped,
}

/// <summary>One decision, with the reason in words (the rule that retained it, or why a deletion was skipped).</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionAction(string Digest, string? Tag, RetentionActionKind Kind, string Reason);

/// <summary>The outcome of a retention pass over one repository (Harbor's task): totals and every decision.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionRepositoryResult(
    string Repository,
    int Total,
    int Retained,
    IReadOnlyList<RetentionAction> Actions);
