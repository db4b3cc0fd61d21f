using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionExecutionPlanTests
{
    private static RetentionRule Rule(int id, bool disabled = false, params RetentionSelector[] scope) =>
        new(id, 0, disabled, "retain", "always", new Dictionary<string, string>(), [new RetentionSelector("doublestar", "matches", "**", null)], scope);

    private static RetentionSelector Repo(string pattern, string decoration = "repoMatches") => new("doublestar", decoration, pattern, null);

    [Fact]
    public void Repositories_get_the_enabled_rules_whose_scope_matches_the_name_without_the_project()
    {
        var rules = new[]
        {
            Rule(1, scope: Repo("ret")),
            Rule(2, scope: [Repo("**"), Repo("tmp/**", "repoExcludes")]),
            Rule(3, disabled: true, scope: Repo("**")),
        };

        var plan = RetentionExecutionPlan.For(rules, ["lib/tmp/x", "lib/ret", "lib/app", "lib/ret/nested"]);

        Assert.Equal(["lib/app", "lib/ret", "lib/ret/nested"], plan.Select(p => p.Repository));
        Assert.Equal([2], plan[0].Rules.Select(r => r.Id));
        Assert.Equal([1, 2], plan[1].Rules.Select(r => r.Id));
        Assert.Equal([2], plan[2].Rules.Select(r => r.Id));
    }

    [Fact]
    public void A_repository_no_enabled_rule_covers_gets_no_task()
    {
        Assert.Empty(RetentionExecutionPlan.For([Rule(1, scope: Repo("app")), Rule(2, disabled: true, scope: Repo("**"))], ["lib/other"]));
        Assert.Empty(RetentionExecutionPlan.For([], ["lib/app"]));
    }
}
