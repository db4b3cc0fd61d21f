using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Allowlist;

namespace ArtifactKeeper.Tests.Unit.Scanning;

public sealed class CveAllowlistRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void TryNormalize_trims_ids_and_blank_justifications()
    {
        Assert.True(CveAllowlistRules.TryNormalize([new(" CVE-2023-1 ", "  ", null), new("GHSA-x", " why ", T0)], false, out var entries, out var error));

        Assert.Null(error);
        Assert.Equal([new CveAllowlistEntry("CVE-2023-1", null, null), new CveAllowlistEntry("GHSA-x", "why", T0)], entries);
    }

    [Theory]
    [InlineData("", "empty CVE ID")]
    [InlineData("CVE 2023", "invalid CVE ID")]
    public void TryNormalize_refuses_bad_ids(string id, string expected)
    {
        Assert.False(CveAllowlistRules.TryNormalize([new(id, null, null)], false, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_refuses_duplicates_ignoring_case()
    {
        Assert.False(CveAllowlistRules.TryNormalize([new("CVE-2023-1", null, null), new("cve-2023-1", null, null)], false, out _, out var error));
        Assert.Contains("duplicate CVE ID", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_requires_a_justification_only_when_asked()
    {
        Assert.True(CveAllowlistRules.TryNormalize([new("CVE-2023-1", null, null)], false, out _, out _));
        Assert.False(CveAllowlistRules.TryNormalize([new("CVE-2023-1", " ", null)], true, out _, out var error));
        Assert.Contains("justification is required for CVE-2023-1", error, StringComparison.Ordinal);
        Assert.True(CveAllowlistRules.TryNormalize([new("CVE-2023-1", "accepted", null)], true, out _, out _));
    }

    [Fact]
    public void Stamp_keeps_unchanged_entries_and_stamps_new_or_changed_ones()
    {
        CveAllowlistItem[] before = [new("CVE-1", "a", null, "alice", T0), new("CVE-2", "b", null, "alice", T0)];

        var after = CveAllowlistRules.Stamp(before, [new("cve-1", "a", null), new("CVE-2", "changed", null), new("CVE-3", null, null)], "bob", T0.AddDays(1));

        Assert.Equal(
            [new CveAllowlistItem("cve-1", "a", null, "alice", T0), new CveAllowlistItem("CVE-2", "changed", null, "bob", T0.AddDays(1)), new CveAllowlistItem("CVE-3", null, null, "bob", T0.AddDays(1))],
            after);
    }

    [Fact]
    public void Merge_replaces_same_ids_in_place_and_appends_the_rest()
    {
        CveAllowlistItem[] current = [new("CVE-1", "a", null, "alice", T0), new("CVE-2", "b", null, "alice", T0)];

        var merged = CveAllowlistRules.Merge(current, [new("CVE-3", "c", null), new("cve-2", "new", T0)]);

        Assert.Equal([new CveAllowlistEntry("CVE-1", "a", null), new CveAllowlistEntry("cve-2", "new", T0), new CveAllowlistEntry("CVE-3", "c", null)], merged);
    }
}
