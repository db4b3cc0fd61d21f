using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Signing;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// The content-trust grain (DESIGN invariant 5: decided in the grain) over real cosign signatures: verdicts are
/// cached per (digest, policy version), and a policy change or a new signature push makes the next check see it.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ContentTrustGrainTests(RegistryClusterFixture fixture)
{
    private static string NewName() => "ct" + Guid.NewGuid().ToString("N")[..12];

    private IContentTrustGrain Trust(string project) => fixture.Client.GetGrain<IContentTrustGrain>(project);

    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    private async Task<string> ProjectAsync()
    {
        var name = NewName();
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        return name;
    }

    private static string PolicyTrusting(ECDsa key) =>
        new JsonObject { ["cosign"] = new JsonObject { ["public_keys"] = new JsonArray(key.ExportSubjectPublicKeyInfoPem()) } }.ToJsonString();

    private async Task SetPolicyAsync(string project, ECDsa key)
    {
        var result = await Trust(project).TrySetPolicyAsync(PolicyTrusting(key));
        Assert.True(result.Succeeded, result.Message);
    }

    /// <summary>An image manifest whose blobs are published in <paramref name="repository"/>, and its digest (not pushed).</summary>
    private async Task<(byte[] Manifest, string Digest)> ImageAsync(string repository)
    {
        var config = TestContent.Utf8("""{"architecture":"amd64","os":"linux"}""");
        var layer = TestContent.RandomBytes();
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var layerDigest = await TestContent.PublishBlobAsync(fixture, repository, layer);
        var manifest = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length));
        return (manifest, TestContent.DigestOf(manifest));
    }

    private async Task PutAsync(string repository, string reference, byte[] manifest)
    {
        var result = await Repository(repository).PutManifestAsync(new PutManifestRequest(reference, ManifestMediaTypes.OciManifest, manifest));
        Assert.True(result.Succeeded, result.Message);
    }

    /// <summary>Signs <paramref name="subject"/> as cosign does with a key and pushes the <c>sha256-&lt;hex&gt;.sig</c> manifest.</summary>
    private async Task SignAsync(string repository, string subject, ECDsa key)
    {
        var payload = TestContent.Utf8(
            $$"""{"critical":{"identity":{"docker-reference":"registry.test/{{repository}}"},"image":{"docker-manifest-digest":"{{subject}}"},"type":"cosign container image signature"},"optional":null}""");
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var config = TestContent.Utf8("{}");
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var payloadDigest = await TestContent.PublishBlobAsync(fixture, repository, payload);
        var layer = Manifests.Descriptor("application/vnd.dev.cosign.simplesigning.v1+json", payloadDigest, payload.Length);
        layer["annotations"] = new JsonObject { ["dev.cosignproject.cosign/signature"] = signature };
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciManifest,
            ["config"] = Manifests.Descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.Length),
            ["layers"] = new JsonArray(layer),
        };
        await PutAsync(repository, subject.Replace(':', '-') + ".sig", TestContent.Utf8(manifest.ToJsonString()));
    }

    private static PullCheck Cosign(string repository, string digest) => new(repository, digest, true, false);

    [Fact]
    public async Task Policy_change_makes_the_cached_verdict_stale()
    {
        var project = await ProjectAsync();
        var repository = TestContent.NewRepository(project);
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (image, digest) = await ImageAsync(repository);
        await PutAsync(repository, "v1", image);
        await SignAsync(repository, digest, keyA);
        await SetPolicyAsync(project, keyA);

        Assert.True((await Trust(project).CheckPullAsync(Cosign(repository, digest))).Allowed);
        var trusted = Assert.Single(await Trust(project).ListSignaturesAsync(repository, digest));
        await SetPolicyAsync(project, keyB);
        var refused = await Trust(project).CheckPullAsync(Cosign(repository, digest));
        var untrusted = Assert.Single(await Trust(project).ListSignaturesAsync(repository, digest));

        Assert.True(trusted.Verified);
        Assert.StartsWith("key:", trusted.Signer, StringComparison.Ordinal);
        Assert.False(refused.Allowed);
        Assert.Contains($"artifact {digest} has no cosign signature verified by the project's policy", refused.Message, StringComparison.Ordinal);
        Assert.False(untrusted.Verified);
        Assert.Equal(2, (await Trust(project).GetPolicyAsync()).Version);
    }

    [Fact]
    public async Task A_new_signature_push_makes_the_cached_verdict_stale()
    {
        var project = await ProjectAsync();
        var repository = TestContent.NewRepository(project);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (image, digest) = await ImageAsync(repository);
        await PutAsync(repository, "v1", image);
        await SetPolicyAsync(project, trusted);
        await SignAsync(repository, digest, other);
        Assert.False((await Trust(project).CheckPullAsync(Cosign(repository, digest))).Allowed);

        await SignAsync(repository, digest, trusted);

        Assert.True((await Trust(project).CheckPullAsync(Cosign(repository, digest))).Allowed);
    }

    [Fact]
    public async Task Deleting_the_signature_makes_the_cached_verdict_stale()
    {
        var project = await ProjectAsync();
        var repository = TestContent.NewRepository(project);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (image, digest) = await ImageAsync(repository);
        await PutAsync(repository, "v1", image);
        await SetPolicyAsync(project, key);
        await SignAsync(repository, digest, key);
        Assert.True((await Trust(project).CheckPullAsync(Cosign(repository, digest))).Allowed);

        Assert.True((await Repository(repository).TryDeleteTagAsync(digest.Replace(':', '-') + ".sig")).Succeeded);

        var verdict = await Trust(project).CheckPullAsync(Cosign(repository, digest));
        Assert.False(verdict.Allowed);
        Assert.EndsWith("no cosign signature found", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_pushed_before_its_subject_is_found_once_the_subject_arrives()
    {
        var project = await ProjectAsync();
        var repository = TestContent.NewRepository(project);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SetPolicyAsync(project, key);
        var (image, digest) = await ImageAsync(repository);

        await SignAsync(repository, digest, key);
        await PutAsync(repository, "v1", image);

        Assert.True((await Trust(project).CheckPullAsync(Cosign(repository, digest))).Allowed);
    }

    [Fact]
    public async Task Bad_policy_is_refused_and_changes_nothing_and_a_good_one_survives_reactivation()
    {
        var project = await ProjectAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SetPolicyAsync(project, key);

        var refused = await Trust(project).TrySetPolicyAsync("""{"cosign":{"keyless":[{"issuer":"https://x"}]}}""");
        await fixture.ReactivateAsync(Trust(project));
        var view = await Trust(project).GetPolicyAsync();

        Assert.Equal(RegistryError.BadRequest, refused.Error);
        Assert.Contains("needs an identity", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, view.Version);
        Assert.Contains(key.ExportSubjectPublicKeyInfoPem().Replace("\n", "\\n", StringComparison.Ordinal), view.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_policy_signatures_are_listed_as_unverified_with_the_reason()
    {
        var project = await ProjectAsync();
        var repository = TestContent.NewRepository(project);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (image, digest) = await ImageAsync(repository);
        await PutAsync(repository, "v1", image);
        await SignAsync(repository, digest, key);

        var verdict = Assert.Single(await Trust(project).ListSignaturesAsync(repository, digest));

        Assert.Equal((SignatureKind.Cosign, false, "no trust policy configured"), (verdict.Kind, verdict.Verified, verdict.Reason));
    }

    [Fact]
    public async Task Policy_for_a_missing_project_is_refused()
    {
        var result = await Trust(NewName()).TrySetPolicyAsync("{}");

        Assert.Equal(RegistryError.ProjectNotFound, result.Error);
    }

    [Fact]
    public async Task A_deleted_project_takes_its_policy_along_and_a_new_one_of_the_same_name_starts_without()
    {
        var project = await ProjectAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SetPolicyAsync(project, key);
        Assert.True((await Trust(project).GetPolicyAsync()).Version > 0);

        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(project).TryDeleteAsync()).Succeeded);
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);

        var fresh = await Trust(project).GetPolicyAsync();
        Assert.Equal(0, fresh.Version);
        Assert.DoesNotContain("BEGIN PUBLIC KEY", fresh.Document, StringComparison.Ordinal);
    }
}
