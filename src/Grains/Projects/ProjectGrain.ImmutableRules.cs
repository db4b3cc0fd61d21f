using System.Globalization;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Projects;

/// <summary>
/// The project's tag immutability rules: loaded on first use, written through before a change is acknowledged, and
/// compiled into an <see cref="ImmutableRuleSet"/> so repository grains' checks are memory reads. This activation is
/// the only writer, so a change is visible to the next check from any silo or gateway.
/// </summary>
public sealed partial class ProjectGrain
{
    /// <summary>The most rules a project may have (Harbor's portal stops at 15; the API enforces it here).</summary>
    public const int MaxImmutableRules = 15;

    private IReadOnlyList<ImmutableRule> _immutableRules = [];
    private ImmutableRuleSet _immutableRuleSet = ImmutableRuleSet.Empty;
    private (long ProjectId, DateTimeOffset Created)? _immutableRulesOf;

    public async Task<IReadOnlyList<ImmutableRule>> ListImmutableRulesAsync() =>
        _project is null ? [] : await ImmutableRulesAsync();

    public async Task<IReadOnlyList<ImmutableTagMatch>> FindImmutableTagsAsync(string repository, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(tags);
        if (_project is null || tags.Count == 0)
        {
            return [];
        }

        await ImmutableRulesAsync();
        var name = ImmutableRuleSet.WithoutProject(repository);
        return [.. tags.Select(tag => _immutableRuleSet.Match(name, tag)).OfType<ImmutableTagMatch>()];
    }

    public async Task<ImmutableRuleResult> TryCreateImmutableRuleAsync(ImmutableRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_project is null)
        {
            return RuleFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        if (!ImmutableRuleValidator.TryNormalize(rule with { Id = 0 }, out var normalized, out var error))
        {
            return RuleFail(RegistryError.BadRequest, error!);
        }

        var rules = await ImmutableRulesAsync();
        if (rules.Count >= MaxImmutableRules)
        {
            return RuleFail(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"project {Name} already has {MaxImmutableRules} immutable rules, the most a project may have"));
        }

        if (rules.FirstOrDefault(r => ImmutableRuleValidator.SameContent(r, normalized)) is { } twin)
        {
            return Duplicate(twin);
        }

        var created = await immutableRules.TryCreateImmutableRuleAsync(_project.ProjectId, normalized, clock.GetUtcNow(), CancellationToken.None);
        if (created is null)
        {
            return RuleFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        SetImmutableRules([.. rules, created]);
        logger.LogInformation("Created immutable rule {RuleId} in project {Project}", created.Id, Name);
        return new ImmutableRuleResult(RegistryError.None, null, created);
    }

    public async Task<ImmutableRuleResult> TryUpdateImmutableRuleAsync(ImmutableRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_project is null)
        {
            return RuleFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        var rules = await ImmutableRulesAsync();
        if (!rules.Any(r => r.Id == rule.Id))
        {
            return RuleNotFound(rule.Id);
        }

        if (!ImmutableRuleValidator.TryNormalize(rule, out var normalized, out var error))
        {
            return RuleFail(RegistryError.BadRequest, error!);
        }

        if (rules.FirstOrDefault(r => r.Id != rule.Id && ImmutableRuleValidator.SameContent(r, normalized)) is { } twin)
        {
            return Duplicate(twin);
        }

        if (!await immutableRules.UpdateImmutableRuleAsync(_project.ProjectId, normalized, clock.GetUtcNow(), CancellationToken.None))
        {
            SetImmutableRules([.. rules.Where(r => r.Id != rule.Id)]);
            return RuleNotFound(rule.Id);
        }

        SetImmutableRules([.. rules.Select(r => r.Id == rule.Id ? normalized : r)]);
        logger.LogInformation("Updated immutable rule {RuleId} in project {Project}", rule.Id, Name);
        return new ImmutableRuleResult(RegistryError.None, null, normalized);
    }

    public async Task<ImmutableRuleResult> TryDeleteImmutableRuleAsync(long ruleId)
    {
        if (_project is null)
        {
            return RuleFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        var rules = await ImmutableRulesAsync();
        if (!rules.Any(r => r.Id == ruleId))
        {
            return RuleNotFound(ruleId);
        }

        var deleted = await immutableRules.DeleteImmutableRuleAsync(_project.ProjectId, ruleId, CancellationToken.None);
        SetImmutableRules([.. rules.Where(r => r.Id != ruleId)]);
        if (!deleted)
        {
            return RuleNotFound(ruleId);
        }

        logger.LogInformation("Deleted immutable rule {RuleId} from project {Project}", ruleId, Name);
        return new ImmutableRuleResult(RegistryError.None, null, null);
    }

    /// <summary>The rules of the current project, loading them when this activation has not yet (or the project was recreated).</summary>
    private async Task<IReadOnlyList<ImmutableRule>> ImmutableRulesAsync()
    {
        // Keyed by id and creation time: a project deleted and created again under this name starts without rules.
        var project = (_project!.ProjectId, _project.CreationTime);
        if (_immutableRulesOf != project)
        {
            SetImmutableRules(await immutableRules.LoadImmutableRulesAsync(project.ProjectId, CancellationToken.None));
            _immutableRulesOf = project;
        }

        return _immutableRules;
    }

    private void SetImmutableRules(IReadOnlyList<ImmutableRule> rules)
    {
        _immutableRules = [.. rules.OrderBy(r => r.Id)];
        _immutableRuleSet = new ImmutableRuleSet(_immutableRules);
    }

    private static ImmutableRuleResult Duplicate(ImmutableRule twin) =>
        RuleFail(RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"immutable rule already exists: rule {twin.Id} has the same selectors, priority and action"));

    private ImmutableRuleResult RuleNotFound(long ruleId) =>
        RuleFail(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"immutable rule {ruleId} not found in project {Name}"));

    private static ImmutableRuleResult RuleFail(RegistryError error, string message) => new(error, message, null);
}
