using ArtifactKeeper.HarborApi.Artifacts;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class CopySourceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parses_tag_and_digest_sources()
    {
        Assert.True(CopySource.TryParse("lib/team/app:v1.2", out var byTag, out _));
        Assert.True(CopySource.TryParse("lib/app@" + Digest, out var byDigest, out _));

        Assert.Equal(new CopySource("lib/team/app", "v1.2", false), byTag);
        Assert.Equal("lib", byTag!.Project);
        Assert.Equal(new CopySource("lib/app", Digest, true), byDigest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("app:v1")]
    [InlineData("lib/app")]
    [InlineData("lib/app:")]
    [InlineData("lib/app:-bad")]
    [InlineData("lib/app@sha256:xyz")]
    [InlineData("lib/App:v1")]
    [InlineData("lib/app@v1")]
    public void Refuses_malformed_sources(string? from)
    {
        Assert.False(CopySource.TryParse(from, out var source, out var error));
        Assert.Null(source);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
