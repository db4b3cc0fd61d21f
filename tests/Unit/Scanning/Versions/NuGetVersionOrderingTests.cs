using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class NuGetVersionOrderingTests
{
    private static readonly NuGetVersionOrdering Ordering = NuGetVersionOrdering.Instance;

    [Theory]
    // Up to four parts, missing ones 0, leading zeros allowed.
    [InlineData("1.0", "=", "1.0.0.0")]
    [InlineData("1.0.01", "=", "1.0.1.0")]
    [InlineData("1.0.0", "<", "1.0.0.1")]
    [InlineData("0.9.9.1", "<", "1.0.0")]
    [InlineData("12.0.3", "<", "13.0.1")]
    [InlineData("1.999.9999", "<", "2.1.1")]
    // Pre-releases below the release; labels case-insensitive, numeric below alphanumeric.
    [InlineData("1.0.0-beta", "<", "1.0.0")]
    [InlineData("1.0.0-BETA", "=", "1.0.0-beta")]
    [InlineData("1.0.0-beta2", ">", "1.0.0-BETA")]
    [InlineData("1.0.0-alpha", "<", "1.0.0-Beta")]
    [InlineData("1.0.0-beta.2", "<", "1.0.0-beta.10")]
    [InlineData("1.0.0-beta.9", "<", "1.0.0-beta.x")]
    [InlineData("1.0.0-beta", "<", "1.0.0-beta.1")]
    [InlineData("1.0.0-pre", "<", "1.0.0.1-alpha")]
    [InlineData("1.0.0-rc-1", ">", "1.0.0-rc")]
    // Metadata ignored.
    [InlineData("1.0.0+AA", "=", "1.0.0+bb")]
    [InlineData("1.0.0-beta+AA", "<", "1.0.0+aa")]
    [InlineData("1.0+test", "<", "1.0.0.1")]
    public void Compare_follows_NuGet_Versioning(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("1.0.0.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-beta..1")]
    [InlineData("1.0.0+")]
    [InlineData("1.a")]
    [InlineData("99999999999")]
    [InlineData("")]
    public void Malformed_versions_are_invalid(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare(version, "1.0.0", out _));
    }

    [Fact]
    public void Upstream_vectors_hold()
    {
        // EXPECTED.md §8 caveat: lines 39–40 use 30-digit numbers, which NuGet.Versioning rejects.
        var lines = VersionVectors.ReadFile("nuget-versions.txt");
        VersionVectors.AssertAll(Ordering, lines.Where(line => line.Line < 39).Select(line => line.Vector));
        Assert.All(lines.Where(line => line.Line >= 39),
            line => Assert.False(Ordering.TryCompare(line.Vector.Left, line.Vector.Right, out _)));
    }

    [Fact]
    public void Expected_table_holds() => VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("NuGet"));
}
