using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class SemVerOrderingTests
{
    private static readonly SemVerOrdering Ordering = SemVerOrdering.Instance;

    /// <summary>Lines node-semver rejects (30-digit numbers, five components): EXPECTED.md §8 caveats.</summary>
    private static readonly HashSet<int> Caveats = [87, 88, 92];

    [Theory]
    // Core numbers by value.
    [InlineData("1.9.0", "<", "1.10.0")]
    [InlineData("0.99.0", ">", "0.10.0")]
    [InlineData("1.22.4", "<", "1.22.5")]
    [InlineData("01.2.3", "=", "1.2.3")]
    // A pre-release is below its release; identifiers left to right.
    [InlineData("1.0.0-alpha", "<", "1.0.0")]
    [InlineData("1.0.0-alpha", "<", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "<", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-beta.2", "<", "1.0.0-beta.11")]
    [InlineData("1.0.0-beta.11", "<", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.1", "<", "1.0.0-rc.1.0")]
    [InlineData("1.2.3-R2", "<", "1.2.3-r100")]
    [InlineData("1.2.3-a.b", ">", "1.2.3-a.5")]
    [InlineData("1.2.3-5-foo", ">", "1.2.3-5")]
    // OSV's "introduced: x.y.z-0" trick: the lowest pre-release of a version.
    [InlineData("1.22.0-0", "<", "1.22.0-alpha")]
    [InlineData("0.2.1-0", "<", "0.2.1")]
    // Build metadata is ignored; a leading v (Go) is stripped.
    [InlineData("1.2.3+build.1", "=", "1.2.3+build.2")]
    [InlineData("1.2.3-beta+exp.sha", "=", "1.2.3-beta")]
    [InlineData("v1.5.0", "<", "1.6.0")]
    [InlineData("v1.2.3", "=", "1.2.3")]
    public void Compare_follows_semver(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.x")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-beta_1")]
    [InlineData("4.36.-1")]
    [InlineData("")]
    public void Invalid_versions_are_refused_without_throwing(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare("1.0.0", version, out _));
        Assert.Equal(1, Ordering.Compare("0.0.0-0", version));
        Assert.Equal(-1, Ordering.Compare(version, "0.0.0-0"));
    }

    [Fact]
    public void Upstream_vectors_hold()
    {
        var lines = VersionVectors.ReadFile("semver-versions.txt");
        VersionVectors.AssertAll(Ordering, lines.Where(line => !Caveats.Contains(line.Line)).Select(line => line.Vector));
        VersionVectors.AssertNoThrow(Ordering, lines.Where(line => Caveats.Contains(line.Line)).Select(line => line.Vector));
    }

    [Fact]
    public void Expected_table_holds() => VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("SemVer"));
}
