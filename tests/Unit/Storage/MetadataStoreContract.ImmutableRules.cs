using ArtifactKeeper.Policy;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Tag immutability rules, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static ImmutableRule ImmutableRule(string tags = "v*.*.*", string repositories = "**", int priority = 0, string? parameters = null) =>
        new(0, priority, false, "immutable", "immutable_template", parameters,
            [new ImmutableSelector("doublestar", "matches", tags)],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", "repoMatches", repositories)] });

    private static void AssertSameRule(ImmutableRule expected, ImmutableRule actual)
    {
        Assert.Equal((expected.Id, expected.Priority, expected.Disabled, expected.Action, expected.Template, expected.ParamsJson),
            (actual.Id, actual.Priority, actual.Disabled, actual.Action, actual.Template, actual.ParamsJson));
        Assert.Equal(expected.TagSelectors, actual.TagSelectors);
        Assert.Equal(expected.ScopeSelectors.Keys, actual.ScopeSelectors.Keys);
        foreach (var (scope, selectors) in expected.ScopeSelectors)
        {
            Assert.Equal(selectors, actual.ScopeSelectors[scope]);
        }
    }

    [Fact]
    public async Task CreateImmutableRule_then_load_returns_every_field_in_id_order()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("rules", "owner", Private, T0, Ct);
        var first = ImmutableRule(parameters: """{"note":"é ✓"}""");
        var second = ImmutableRule("release-{a,b}", "team/**", priority: 3) with { Disabled = true };

        var created1 = await store.TryCreateImmutableRuleAsync(project!.ProjectId, first, T0, Ct);
        var created2 = await store.TryCreateImmutableRuleAsync(project.ProjectId, second, T0, Ct);
        var loaded = await (await CreateStoreAsync()).LoadImmutableRulesAsync(project.ProjectId, Ct);

        Assert.NotNull(created1);
        Assert.True(created2!.Id > created1!.Id);
        AssertSameRule(first with { Id = created1.Id }, created1);
        Assert.Equal(2, loaded.Count);
        AssertSameRule(created1, loaded[0]);
        AssertSameRule(second with { Id = created2.Id }, loaded[1]);
    }

    [Fact]
    public async Task CreateImmutableRule_for_a_missing_project_is_refused_and_stores_nothing()
    {
        var store = await StoreAsync();

        Assert.Null(await store.TryCreateImmutableRuleAsync(424242, ImmutableRule(), T0, Ct));
        Assert.Empty(await store.LoadImmutableRulesAsync(424242, Ct));
    }

    [Fact]
    public async Task UpdateImmutableRule_replaces_it_only_in_its_own_project()
    {
        var store = await StoreAsync();
        var mine = await store.TryCreateProjectAsync("mine", "owner", Private, T0, Ct);
        var theirs = await store.TryCreateProjectAsync("theirs", "owner", Private, T0, Ct);
        var rule = await store.TryCreateImmutableRuleAsync(mine!.ProjectId, ImmutableRule(), T0, Ct);
        var changed = ImmutableRule("stable", "app", priority: 2) with { Id = rule!.Id, Disabled = true };

        Assert.False(await store.UpdateImmutableRuleAsync(theirs!.ProjectId, changed, T0, Ct));
        AssertSameRule(rule, Assert.Single(await store.LoadImmutableRulesAsync(mine.ProjectId, Ct)));
        Assert.True(await store.UpdateImmutableRuleAsync(mine.ProjectId, changed, T0, Ct));
        AssertSameRule(changed, Assert.Single(await store.LoadImmutableRulesAsync(mine.ProjectId, Ct)));
        Assert.False(await store.UpdateImmutableRuleAsync(mine.ProjectId, changed with { Id = rule.Id + 1000 }, T0, Ct));
    }

    [Fact]
    public async Task DeleteImmutableRule_removes_it_only_from_its_own_project()
    {
        var store = await StoreAsync();
        var mine = await store.TryCreateProjectAsync("mine", "owner", Private, T0, Ct);
        var theirs = await store.TryCreateProjectAsync("theirs", "owner", Private, T0, Ct);
        var rule = await store.TryCreateImmutableRuleAsync(mine!.ProjectId, ImmutableRule(), T0, Ct);

        Assert.False(await store.DeleteImmutableRuleAsync(theirs!.ProjectId, rule!.Id, Ct));
        Assert.Single(await store.LoadImmutableRulesAsync(mine.ProjectId, Ct));
        Assert.True(await store.DeleteImmutableRuleAsync(mine.ProjectId, rule.Id, Ct));
        Assert.False(await store.DeleteImmutableRuleAsync(mine.ProjectId, rule.Id, Ct));
        Assert.Empty(await store.LoadImmutableRulesAsync(mine.ProjectId, Ct));
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_immutable_rules()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("doomed", "owner", Private, T0, Ct);
        await store.TryCreateImmutableRuleAsync(project!.ProjectId, ImmutableRule(), T0, Ct);

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("doomed", Ct));

        Assert.Empty(await store.LoadImmutableRulesAsync(project.ProjectId, Ct));
    }
}
