using System.Text;
using ArtifactKeeper.HarborApi.Scanning;
using ArtifactKeeper.Scanning.Osv;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvDatabaseArtifactTests
{
    private static string? Pick(string layers) =>
        OsvDatabaseArtifact.PickLayer(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"layers":[{{layers}}]}"""));

    [Fact]
    public void The_one_layer_or_the_one_zip_layer_is_the_database()
    {
        Assert.Equal("sha256:a", Pick("""{"mediaType":"application/octet-stream","digest":"sha256:a"}"""));
        Assert.Equal("sha256:b", Pick("""{"mediaType":"text/plain","digest":"sha256:a"},{"mediaType":"application/zip","digest":"sha256:b"}"""));
        Assert.Equal("sha256:c", Pick("""{"mediaType":"text/plain","digest":"sha256:a"},{"mediaType":"application/vnd.artifactkeeper.osv.database.v1+zip","digest":"sha256:c"}"""));
    }

    [Fact]
    public void No_layer_several_candidates_or_a_broken_manifest_name_no_database()
    {
        Assert.Null(Pick(string.Empty));
        Assert.Null(Pick("""{"mediaType":"text/plain","digest":"sha256:a"},{"mediaType":"text/plain","digest":"sha256:b"}"""));
        Assert.Null(Pick("""{"mediaType":"application/zip","digest":"sha256:a"},{"mediaType":"application/zip","digest":"sha256:b"}"""));
        Assert.Null(OsvDatabaseArtifact.PickLayer("not json"u8));
    }

    [Theory]
    [InlineData("security/osv:2026-12-03", "security/osv", "2026-12-03", false)]
    [InlineData("security/db/osv@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "security/db/osv", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    public void Artifact_references_split_into_repository_and_reference(string artifact, string repository, string reference, bool isDigest)
    {
        Assert.True(VulnerabilityDatabaseApi.TrySplit(artifact, out var repo, out var reference2, out var digest));
        Assert.Equal((repository, reference, isDigest), (repo, reference2, digest));
    }

    [Theory]
    [InlineData("")]
    [InlineData("osv")]
    [InlineData("osv:latest")]
    [InlineData("security/osv")]
    [InlineData("security/osv@latest")]
    [InlineData("Security/osv:latest")]
    public void Malformed_artifact_references_are_refused(string artifact) =>
        Assert.False(VulnerabilityDatabaseApi.TrySplit(artifact, out _, out _, out _));
}
