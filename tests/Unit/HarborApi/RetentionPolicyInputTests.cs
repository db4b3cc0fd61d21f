using System.Text.Json;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.HarborApi.Retention;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class RetentionPolicyInputTests
{
    private const string PortalPolicy = """
        {"algorithm":"or","rules":[{"disabled":false,"action":"retain","template":"latestPushedK","params":{"latestPushedK":10},
          "tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*","extras":"{\"untagged\":true}"}],
          "scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**"}]}}],
         "trigger":{"kind":"Schedule","settings":{"cron":"0 0 0 * * *"},"references":{}},"scope":{"level":"project","ref":7},"unknown":1}
        """;

    private static RetentionPolicyReq Req(string json) => JsonSerializer.Deserialize<RetentionPolicyReq>(json)!;

    [Fact]
    public void A_policy_from_Harbors_portal_reads_into_the_model_and_writes_back_the_same_json()
    {
        Assert.True(RetentionPolicyInput.TryRead(Req(PortalPolicy), requireScope: true, out var policy, out var error), error);

        var rule = Assert.Single(policy!.Rules);
        Assert.Equal(("project", 7L, "or", new RetentionTrigger("Schedule", "0 0 0 * * *")), (policy.ScopeLevel, policy.ScopeReference, policy.Algorithm, policy.Trigger));
        Assert.Equal(new Dictionary<string, string> { ["latestPushedK"] = "10" }, rule.Parameters);
        Assert.Equal([new RetentionSelector("doublestar", "matches", "v*", """{"untagged":true}""")], rule.TagSelectors);
        Assert.Equal([new RetentionSelector("doublestar", "repoMatches", "**", null)], rule.RepositorySelectors);

        var written = JsonSerializer.Serialize(RetentionPolicyInput.ToModel(policy with { Id = 3 }));
        const string Expected = """
            {"id":3,"algorithm":"or","rules":[{"id":0,"priority":0,"disabled":false,"action":"retain","template":"latestPushedK","params":{"latestPushedK":10},
            "tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*","extras":"{\u0022untagged\u0022:true}"}],
            "scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**","extras":null}]}}],
            "trigger":{"kind":"Schedule","settings":{"cron":"0 0 0 * * *"},"references":{}},"scope":{"level":"project","ref":7}}
            """;
        Assert.Equal(Expected.ReplaceLineEndings(string.Empty), written);
    }

    [Theory]
    [InlineData("""{"trigger":{"kind":"Schedule","settings":{"cron":""}},"rules":[]}""", "scope is required")]
    [InlineData("""{"scope":{"level":"project","ref":1},"rules":[]}""", "trigger is required")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{}}}""", "trigger.settings.cron is required")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{"cron":1}}}""", "must be a string")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{"cron":""}},"rules":[null]}""", "rules[0] must be a rule object")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{"cron":""}},"rules":[{"params":{"latestPushedK":1.5}}]}""", "rules[0].params.latestPushedK must be an integer, not 1.5")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{"cron":""}},"rules":[{"tag_selectors":[null]}]}""", "rules[0].tag_selectors[0] must be a selector object")]
    [InlineData("""{"scope":{"level":"project","ref":1},"trigger":{"kind":"Schedule","settings":{"cron":""}},"rules":[{"scope_selectors":{"namespace":[]}}]}""", "rules[0].scope_selectors.namespace is not supported")]
    public void Shape_errors_are_named(string json, string message)
    {
        Assert.False(RetentionPolicyInput.TryRead(Req(json), requireScope: true, out var policy, out var error));

        Assert.Null(policy);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_update_needs_no_scope_and_a_string_parameter_stays_for_the_validator()
    {
        Assert.True(RetentionPolicyInput.TryRead(
            Req("""{"algorithm":"or","trigger":{"kind":"Schedule","settings":{"cron":null}},"rules":[{"template":"always","params":{"x":"5"}}]}"""),
            requireScope: false, out var policy, out var error), error);

        Assert.Equal((0L, string.Empty), (policy!.ScopeReference, policy.Trigger.Cron));
        Assert.Equal("5", policy.Rules[0].Parameters["x"]);
    }
}
