namespace ArtifactKeeper.Policy;

/// <summary>
/// The immutability rules of one project, keyed by the project name. The project grain implements it (it owns
/// the rules, DESIGN §3) and holds them in memory, so <see cref="FindImmutableTagsAsync"/> is a memory read;
/// there is one activation per project in the cluster, so every silo and gateway sees a change at once.
/// </summary>
[Alias("policy.project-immutability")]
public interface IProjectImmutabilityGrain : IGrainWithStringKey
{
    /// <summary>The project's rules ordered by id (empty when the project does not exist).</summary>
    [Alias("list-immutable-rules")]
    Task<IReadOnlyList<ImmutableRule>> ListImmutableRulesAsync();

    /// <summary>Validates and adds a rule (ProjectNotFound, BadRequest, Conflict for a duplicate).</summary>
    [Alias("try-create-immutable-rule")]
    Task<ImmutableRuleResult> TryCreateImmutableRuleAsync(ImmutableRule rule);

    /// <summary>Validates and replaces rule <see cref="ImmutableRule.Id"/> (ProjectNotFound, NameUnknown, BadRequest, Conflict).</summary>
    [Alias("try-update-immutable-rule")]
    Task<ImmutableRuleResult> TryUpdateImmutableRuleAsync(ImmutableRule rule);

    /// <summary>Deletes a rule (ProjectNotFound, NameUnknown for a rule this project does not have).</summary>
    [Alias("try-delete-immutable-rule")]
    Task<ImmutableRuleResult> TryDeleteImmutableRuleAsync(long ruleId);

    /// <summary>
    /// Which of <paramref name="tags"/> of <paramref name="repository"/> (the full name, <c>project/name</c>) an
    /// enabled rule makes immutable, each with the first rule (lowest id) that does; empty when none is.
    /// </summary>
    [Alias("find-immutable-tags")]
    Task<IReadOnlyList<ImmutableTagMatch>> FindImmutableTagsAsync(string repository, IReadOnlyList<string> tags);
}
