using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Signature discovery through the referrers API: Sigstore bundle referrers are cosign signature accessories and
/// signatures, Notation referrers are Notation signatures, and a signature layer over 1 MiB is refused unread.
/// </summary>
public sealed class ContentTrustDiscoveryTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string BundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private const string NotationType = "application/vnd.cncf.notary.signature";

    private static async Task<byte[]> PushReferrerAsync(RegistryClient admin, PushedImage subject, string artifactType, string layerType, byte[] layer)
    {
        await admin.PushBlobAsync(subject.Repository, Manifests.EmptyJson);
        await admin.PushBlobAsync(subject.Repository, layer);
        var manifest = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor(layerType, layer)],
            artifactType: artifactType,
            subject: Manifests.Descriptor(Manifests.OciManifest, subject.Manifest));
        await admin.PushManifestAsync(subject.Repository, Manifests.Digest(manifest), manifest, Manifests.OciManifest);
        return manifest;
    }

    private static async Task<JsonArray> GetArrayAsync(RegistryClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    private static string ArtifactPath(PushedImage image) =>
        $"/api/v2.0/projects/library/repositories/{image.Repository["library/".Length..]}/artifacts/{image.Digest}";

    [Fact]
    public async Task A_sigstore_bundle_referrer_is_a_cosign_signature_accessory_and_is_judged_as_one()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var bundle = await PushReferrerAsync(admin, image, BundleType, BundleType, """{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"""u8.ToArray());

        var accessories = await GetArrayAsync(admin, ArtifactPath(image) + "/accessories");
        var signatures = await GetArrayAsync(admin, ArtifactPath(image) + "/signatures");

        var accessory = Assert.Single(accessories)!;
        Assert.Equal(("signature.cosign", Manifests.Digest(bundle)), (accessory["type"]!.GetValue<string>(), accessory["digest"]!.GetValue<string>()));
        var signature = Assert.Single(signatures)!;
        Assert.Equal(("cosign", Manifests.Digest(bundle), false), (signature["type"]!.GetValue<string>(), signature["digest"]!.GetValue<string>(), signature["verified"]!.GetValue<bool>()));
        Assert.Equal("no trust policy configured", signature["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notation_referrer_is_a_notation_signature()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var envelope = await PushReferrerAsync(admin, image, NotationType, "application/jose+json", """{"payload":"e30","protected":"e30","signature":""}"""u8.ToArray());

        var signature = Assert.Single(await GetArrayAsync(admin, ArtifactPath(image) + "/signatures"))!;

        Assert.Equal(("notation", Manifests.Digest(envelope), false), (signature["type"]!.GetValue<string>(), signature["digest"]!.GetValue<string>(), signature["verified"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_signature_layer_over_1_MiB_is_refused_as_too_large()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        await PushReferrerAsync(admin, image, NotationType, "application/jose+json", Manifests.RandomBytes((1024 * 1024) + 1));

        var signature = Assert.Single(await GetArrayAsync(admin, ArtifactPath(image) + "/signatures"))!;

        Assert.False(signature["verified"]!.GetValue<bool>());
        Assert.StartsWith("signature layer too large", signature["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
