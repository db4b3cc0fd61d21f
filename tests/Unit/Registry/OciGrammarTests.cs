using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class OciGrammarTests
{
    private static readonly string ValidHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("a")]
    [InlineData("library/alpine")]
    [InlineData("project/team/app")]
    [InlineData("a.b")]
    [InlineData("a_b")]
    [InlineData("a__b")]
    [InlineData("a-b")]
    [InlineData("a--b")]
    [InlineData("a---b")]
    [InlineData("a-b.c_d__e/f9")]
    [InlineData("0/1/2")]
    [InlineData("my.registry-app/v2")]
    public void IsValidRepositoryName_with_grammar_conforming_name_returns_true(string name)
    {
        Assert.True(OciGrammar.IsValidRepositoryName(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("/abs")]
    [InlineData("a/")]
    [InlineData("a//b")]
    [InlineData("A")]
    [InlineData("library/Alpine")]
    [InlineData("a___b")]
    [InlineData("a..b")]
    [InlineData("a._b")]
    [InlineData("a_-b")]
    [InlineData("a.-b")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("_a")]
    [InlineData("a_")]
    [InlineData("a.")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a@b")]
    [InlineData("a\\b")]
    [InlineData("caf\u00e9")]
    public void IsValidRepositoryName_with_grammar_violation_returns_false(string name)
    {
        Assert.False(OciGrammar.IsValidRepositoryName(name));
    }

    [Fact]
    public void IsValidRepositoryName_at_255_chars_returns_true()
    {
        var name = new string('a', 127) + "/" + new string('b', 127);

        Assert.Equal(255, name.Length);
        Assert.True(OciGrammar.IsValidRepositoryName(name));
    }

    [Fact]
    public void IsValidRepositoryName_at_256_chars_returns_false()
    {
        var name = new string('a', 128) + "/" + new string('b', 127);

        Assert.Equal(OciGrammar.MaxRepositoryNameLength + 1, name.Length);
        Assert.False(OciGrammar.IsValidRepositoryName(name));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v1.2.3")]
    [InlineData("1.0-rc.1")]
    [InlineData("_x")]
    [InlineData("_")]
    [InlineData("A")]
    [InlineData("MixedCase_tag-1.0")]
    [InlineData("sha256-abc.sig")]
    public void IsValidTag_with_conforming_tag_returns_true(string tag)
    {
        Assert.True(OciGrammar.IsValidTag(tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("t\u00e4g")]
    public void IsValidTag_with_grammar_violation_returns_false(string tag)
    {
        Assert.False(OciGrammar.IsValidTag(tag));
    }

    [Fact]
    public void IsValidTag_at_128_chars_returns_true()
    {
        Assert.True(OciGrammar.IsValidTag(new string('t', 128)));
    }

    [Fact]
    public void IsValidTag_at_129_chars_returns_false()
    {
        Assert.False(OciGrammar.IsValidTag(new string('t', 129)));
    }

    [Fact]
    public void IsValidDigest_with_sha256_and_64_lowercase_hex_returns_true()
    {
        Assert.True(OciGrammar.IsValidDigest("sha256:" + ValidHex));
    }

    [Fact]
    public void IsValidDigest_with_uppercase_hex_returns_false()
    {
        Assert.False(OciGrammar.IsValidDigest("sha256:" + ValidHex.ToUpperInvariant()));
    }

    [Fact]
    public void IsValidDigest_with_sha512_returns_false()
    {
        Assert.False(OciGrammar.IsValidDigest("sha512:" + ValidHex + ValidHex));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(0)]
    public void IsValidDigest_with_wrong_hex_length_returns_false(int length)
    {
        var hex = (ValidHex + ValidHex)[..length];

        Assert.False(OciGrammar.IsValidDigest("sha256:" + hex));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData(" sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void IsValidDigest_with_malformed_value_returns_false(string digest)
    {
        Assert.False(OciGrammar.IsValidDigest(digest));
    }

    [Theory]
    [InlineData("sha256:abc", true)]
    [InlineData("sha512:whatever", true)]
    [InlineData(":", true)]
    [InlineData("latest", false)]
    [InlineData("v1.0", false)]
    [InlineData("", false)]
    public void LooksLikeDigest_is_decided_by_colon(string reference, bool expected)
    {
        Assert.Equal(expected, OciGrammar.LooksLikeDigest(reference));
    }
}
