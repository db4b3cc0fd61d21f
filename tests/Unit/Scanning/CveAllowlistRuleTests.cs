using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Allowlist;

namespace ArtifactKeeper.Tests.Unit.Scanning;

public sealed class CveAllowlistRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly VulnerabilityFinding DebianCurl =
        new("DEBIAN-CVE-2023-38545", "curl", "7.88.1-10", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical) { Aliases = ["CVE-2023-38545"] };

    private static CveAllowlist List(DateTimeOffset? expires, params CveAllowlistItem[] items) => new(1, 7, expires, items, 3, T0, T0);

    private static CveAllowlistItem Item(string id, DateTimeOffset? expires = null) => new(id, null, expires, "alice", T0);

    [Fact]
    public void An_entry_covers_findings_whose_id_or_alias_names_it_ignoring_case()
    {
        var rule = new CveAllowlistRule(List(null, Item("cve-2023-38545")));

        Assert.True(rule.Acknowledges(DebianCurl, T0));
        Assert.True(new CveAllowlistRule(List(null, Item("debian-cve-2023-38545"))).Acknowledges(DebianCurl, T0));
        Assert.False(new CveAllowlistRule(List(null, Item("CVE-2023-38546"))).Acknowledges(DebianCurl, T0));
    }

    [Fact]
    public void An_entry_stops_applying_at_its_expiry()
    {
        var rule = new CveAllowlistRule(List(null, Item("CVE-2023-38545", T0.AddHours(1))));

        Assert.True(rule.Acknowledges(DebianCurl, T0.AddMinutes(59)));
        Assert.False(rule.Acknowledges(DebianCurl, T0.AddHours(1)));
        Assert.Equal(T0.AddHours(1), rule.NextExpiry(T0));
        Assert.Null(rule.NextExpiry(T0.AddHours(1)));
    }

    [Fact]
    public void Every_entry_stops_applying_when_the_list_expires()
    {
        var rule = new CveAllowlistRule(List(T0.AddHours(1), Item("CVE-2023-38545", T0.AddHours(2))));

        Assert.True(rule.Acknowledges(DebianCurl, T0));
        Assert.False(rule.Acknowledges(DebianCurl, T0.AddHours(1).AddSeconds(1)));
        Assert.Equal(T0.AddHours(1), rule.NextExpiry(T0));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Projects_reuse_the_system_list_instead_of_their_own_unless_reuse_is_false(string? reuse, bool usesSystem)
    {
        var metadata = reuse is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [CveAllowlistRule.ReuseSystemKey] = reuse };
        var project = List(null, Item("CVE-P"));
        var system = List(null, Item("CVE-S")) with { ProjectId = 0 };

        var rule = CveAllowlistRule.For(metadata, project, system);

        Assert.Same(usesSystem ? system : project, rule.List);
    }
}
