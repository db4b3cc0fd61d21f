using System.Text;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Tests.Unit.Signing.Trust;

public sealed class SignatureManifestsTests
{
    private static readonly string Subject = "sha256:" + new string('a', 64);

    [Theory]
    [InlineData("application/vnd.dev.cosign.artifact.sig.v1+json", SignatureKind.Cosign)]
    [InlineData("application/vnd.dev.sigstore.bundle.v0.3+json", SignatureKind.Cosign)]
    [InlineData("application/vnd.dev.sigstore.bundle+json;version=0.3", SignatureKind.Cosign)]
    [InlineData("application/vnd.dev.sigstore.bundle+json; version=0.3", SignatureKind.Cosign)]
    [InlineData("application/vnd.cncf.notary.signature", SignatureKind.Notation)]
    public void Signature_artifact_types_name_their_family(string artifactType, SignatureKind kind)
    {
        Assert.Equal(kind, SignatureManifests.KindOf(artifactType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/vnd.example.sbom")]
    [InlineData("application/vnd.oci.image.config.v1+json")]
    public void Other_artifact_types_are_no_signatures(string? artifactType)
    {
        Assert.Null(SignatureManifests.KindOf(artifactType));
    }

    [Fact]
    public void Cosign_tag_and_subject_convert_both_ways()
    {
        var tag = SignatureManifests.CosignTag(Subject);

        Assert.Equal("sha256-" + new string('a', 64) + ".sig", tag);
        Assert.Equal(Subject, SignatureManifests.SubjectOfCosignTag(tag));
        Assert.Null(SignatureManifests.SubjectOfCosignTag("sha256-abc.sig"));
        Assert.Null(SignatureManifests.SubjectOfCosignTag("latest"));
        Assert.Null(SignatureManifests.SubjectOfCosignTag("sha256-" + new string('a', 64) + ".att"));
    }

    [Fact]
    public void Signed_subject_comes_from_a_signature_referrer_or_a_cosign_tag()
    {
        Assert.Equal(Subject, SignatureManifests.SignedSubject("application/vnd.cncf.notary.signature", Subject, null));
        Assert.Null(SignatureManifests.SignedSubject("application/vnd.example.sbom", Subject, null));
        Assert.Equal(Subject, SignatureManifests.SignedSubject(null, null, SignatureManifests.CosignTag(Subject)));
        Assert.Null(SignatureManifests.SignedSubject(null, null, "v1"));
    }

    [Fact]
    public void A_legacy_sig_manifest_pulled_by_digest_is_a_signature_artifact()
    {
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","digest":"{{{Subject}}}","size":3}]}
            """);

        Assert.True(SignatureManifests.IsSignatureArtifact(Subject, manifest));
    }

    [Fact]
    public void An_image_is_no_signature_artifact_even_when_an_annotation_names_the_payload_type()
    {
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Subject}}}","size":3}],
             "annotations":{"x":"application/vnd.dev.cosign.simplesigning.v1+json"}}
            """);

        Assert.False(SignatureManifests.IsSignatureArtifact("v1", manifest));
        Assert.True(SignatureManifests.IsSignatureArtifact(SignatureManifests.CosignTag(Subject), manifest));
    }

    [Fact]
    public void A_notation_referrer_is_a_signature_artifact_and_names_its_subject()
    {
        var manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.cncf.notary.signature",
             "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/jose+json","digest":"{{{Subject}}}","size":3}],
             "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Subject}}}","size":10}}
            """);

        Assert.True(SignatureManifests.IsSignatureArtifact("sha256:" + new string('b', 64), manifest));
        Assert.Equal(Subject, SignatureManifests.SignedSubjectOf(manifest, null));
    }

    [Fact]
    public void Attestations_and_sboms_are_accessories_that_pass_the_gate_but_sign_nothing()
    {
        var image = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Subject}}}","size":3}]}
            """);
        var attestationTag = Subject.Replace(':', '-') + ".att";
        var sbomTag = Subject.Replace(':', '-') + ".sbom";

        Assert.True(SignatureManifests.IsAccessoryArtifact(attestationTag, image));
        Assert.True(SignatureManifests.IsAccessoryArtifact(sbomTag, image));
        Assert.False(SignatureManifests.IsAccessoryArtifact("v1", image));
        Assert.False(SignatureManifests.IsAccessoryArtifact(Subject, image));
        Assert.False(SignatureManifests.IsSignatureArtifact(attestationTag, image));
        Assert.Null(SignatureManifests.SignedSubjectOf(image, attestationTag));
        Assert.Null(SignatureManifests.SignedSubjectOf(image, sbomTag));
    }

    [Fact]
    public void A_cosign_attestation_pulled_by_digest_is_an_accessory_by_its_dsse_layers()
    {
        var attestation = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/vnd.dsse.envelope.v1+json","digest":"{{{Subject}}}","size":3,
                        "annotations":{"predicateType":"https://slsa.dev/provenance/v0.2"}}]}
            """);
        var mixed = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{Subject}}}","size":2},
             "layers":[{"mediaType":"application/vnd.dsse.envelope.v1+json","digest":"{{{Subject}}}","size":3},
                       {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{Subject}}}","size":3}]}
            """);
        var digest = "sha256:" + new string('d', 64);

        Assert.True(SignatureManifests.IsAccessoryArtifact(digest, attestation));
        Assert.False(SignatureManifests.IsSignatureArtifact(digest, attestation));
        Assert.False(SignatureManifests.IsAccessoryArtifact(digest, mixed));
    }
}
