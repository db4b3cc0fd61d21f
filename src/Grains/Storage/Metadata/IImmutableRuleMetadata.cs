using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Tag immutability rules per project; written by the project grain, which loads them all (Harbor's UI allows 15
/// per project) and answers every question from memory. A project's rules go with the project.
/// </summary>
public interface IImmutableRuleMetadata
{
    /// <summary>Every rule of the project, ordered by id.</summary>
    Task<IReadOnlyList<ImmutableRule>> LoadImmutableRulesAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>Stores a new rule and returns it with its id; null when the project does not exist.</summary>
    Task<ImmutableRule?> TryCreateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces rule <see cref="ImmutableRule.Id"/> of the project; false when the project has no such rule.</summary>
    Task<bool> UpdateImmutableRuleAsync(long projectId, ImmutableRule rule, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes a rule of the project; false when the project has no such rule.</summary>
    Task<bool> DeleteImmutableRuleAsync(long projectId, long ruleId, CancellationToken cancellationToken);
}
