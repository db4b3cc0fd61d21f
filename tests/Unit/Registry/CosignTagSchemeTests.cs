using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class CosignTagSchemeTests
{
    private static readonly string Hex = new string('b', 60) + "09af";
    private static readonly string Subject = "sha256:" + Hex;

    [Theory]
    [InlineData(".sig", CosignTagKind.Signature)]
    [InlineData(".att", CosignTagKind.Attestation)]
    [InlineData(".sbom", CosignTagKind.Sbom)]
    public void Each_suffix_names_its_subject_and_kind(string suffix, CosignTagKind kind)
    {
        Assert.Equal((Subject, kind), CosignTagScheme.Parse("sha256-" + Hex + suffix));
        Assert.Equal("sha256-" + Hex + suffix, CosignTagScheme.TagFor(Subject, kind));
    }

    [Fact]
    public void The_tags_of_a_subject_are_its_signature_attestation_and_sbom()
    {
        Assert.Equal(["sha256-" + Hex + ".sig", "sha256-" + Hex + ".att", "sha256-" + Hex + ".sbom"], CosignTagScheme.TagsFor(Subject));
        Assert.All(CosignTagScheme.TagsFor(Subject), tag => Assert.True(OciGrammar.IsValidTag(tag), tag));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("v1")]
    [InlineData("sha256-abc.att")]
    [InlineData("sha512-abc.sbom")]
    [InlineData(".sig")]
    public void Tags_outside_the_scheme_name_nothing(string? tag)
    {
        Assert.Null(CosignTagScheme.Parse(tag));
    }

    [Fact]
    public void Near_misses_of_a_real_digest_name_nothing()
    {
        Assert.Null(CosignTagScheme.Parse("sha256-" + Hex));
        Assert.Null(CosignTagScheme.Parse("sha256-" + Hex + ".sig.old"));
        Assert.Null(CosignTagScheme.Parse("sha256-" + Hex + ".attestation"));
        Assert.Null(CosignTagScheme.Parse("sha256-" + Hex.ToUpperInvariant() + ".att"));
        Assert.Null(CosignTagScheme.Parse("sha256-" + Hex + "0.sbom"));
    }

    [Fact]
    public void A_bare_stem_names_its_digest()
    {
        Assert.Equal(Subject, CosignTagScheme.SubjectOf("sha256-" + Hex));
        Assert.Null(CosignTagScheme.SubjectOf("sha256:" + Hex));
        Assert.Null(CosignTagScheme.SubjectOf("sha256-" + Hex[1..]));
    }
}
