using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class Pep440VersionOrderingTests
{
    private static readonly Pep440VersionOrdering Ordering = Pep440VersionOrdering.Instance;

    [Theory]
    // Epochs, then the release with trailing zeros ignored.
    [InlineData("1!1.0", ">", "2.0")]
    [InlineData("1.0", "=", "1.0.0")]
    [InlineData("1.10", ">", "1.9")]
    [InlineData("v1.0", "=", "1.0")]
    // dev < pre-release < release < post-release; a dev release below what it is a dev of.
    [InlineData("1.0.dev0", "<", "1.0a0")]
    [InlineData("1.0a1.dev1", "<", "1.0a1")]
    [InlineData("1.0a1", "<", "1.0b1")]
    [InlineData("1.0b2", "<", "1.0rc1")]
    [InlineData("1.0rc1", "<", "1.0")]
    [InlineData("1.0", "<", "1.0.post1.dev0")]
    [InlineData("1.0.post1.dev0", "<", "1.0.post1")]
    [InlineData("1.2.post3.dev4", ">", "1.2b3.dev4")]
    // Spellings PEP 440 normalises.
    [InlineData("1.0alpha1", "=", "1.0a1")]
    [InlineData("1.0-beta.2", "=", "1.0b2")]
    [InlineData("1.0c1", "=", "1.0rc1")]
    [InlineData("1.0pre1", "=", "1.0rc1")]
    [InlineData("1.0preview_1", "=", "1.0rc1")]
    [InlineData("1.0RC", "=", "1.0rc0")]
    [InlineData("1.0-1", "=", "1.0.post1")]
    [InlineData("1.0.rev2", "=", "1.0post2")]
    [InlineData("1.0_r", "=", "1.0.post0")]
    [InlineData("1.0.DEV", "=", "1.0.dev0")]
    // Local versions: absent lowest; numbers above words; compared part by part.
    [InlineData("1.0+local", ">", "1.0")]
    [InlineData("1.0+abc.5", "<", "1.0+abc.10")]
    [InlineData("1.0+local.a", "<", "1.0+local.1")]
    [InlineData("1.0+ubuntu-1", "=", "1.0+ubuntu.1")]
    [InlineData("1.0+a", "<", "1.0+a.0")]
    [InlineData("1.0+local", "<", "1.0.post1")]
    public void Compare_follows_packaging(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("4.36.-1")]
    [InlineData("0.1-bulbasaur")]
    [InlineData("1.0.0-foo")]
    [InlineData("1..0")]
    [InlineData("1.0+")]
    [InlineData("1.0+local+other")]
    [InlineData("latest")]
    [InlineData("")]
    public void Legacy_and_malformed_versions_are_invalid(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare(version, "1.0", out _));
        Assert.True(Ordering.Compare(version, "0") < 0);
    }

    [Fact]
    public void Upstream_vectors_hold()
    {
        // EXPECTED.md §8 caveats: lines 47–58 are legacy versions that packaging 22+ rejects; they stay unordered.
        var lines = VersionVectors.ReadFile("pypi-versions.txt");
        VersionVectors.AssertAll(Ordering, lines.Where(line => line.Line < 47).Select(line => line.Vector));
        var legacy = lines.Where(line => line.Line >= 47).Select(line => line.Vector).ToList();
        Assert.All(legacy, vector => Assert.False(Ordering.TryCompare(vector.Left, vector.Right, out _)));
    }

    [Fact]
    public void Expected_table_holds() => VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("PEP 440"));
}
