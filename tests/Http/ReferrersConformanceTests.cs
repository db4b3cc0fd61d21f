using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// The referrers API as go-containerregistry and oras read it: 200 even when empty, exactly the OCI index media
/// type as Content-Type (no parameters), and an <c>artifactType</c> on every descriptor (a manifest without one is
/// typed by its config's media type, as the distribution spec says).
/// </summary>
public sealed class ReferrersConformanceTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string ConfigType = "application/vnd.example.config.v1+json";

    private static async Task<JsonArray> ReferrersAsync(RegistryClient client, string repository, string digest)
    {
        using var response = await client.GetAsync($"/v2/{repository}/referrers/{digest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.oci.image.index.v1+json", response.Content.Headers.ContentType!.ToString());
        var index = await RegistryClient.JsonAsync(response);
        Assert.Equal(2, index["schemaVersion"]!.GetValue<int>());
        Assert.Equal(Manifests.OciIndex, index["mediaType"]!.GetValue<string>());
        return index["manifests"]!.AsArray();
    }

    [Fact]
    public async Task Empty_referrers_answer_200_with_the_exact_index_content_type()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        Assert.Empty(await ReferrersAsync(admin, image.Repository, image.Digest));
        Assert.Empty(await ReferrersAsync(admin, image.Repository, Manifests.Digest(Manifests.RandomBytes(8))));
    }

    [Fact]
    public async Task Every_descriptor_carries_an_artifact_type_including_untyped_and_fallback_ones()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var config = """{"kind":"attestation"}"""u8.ToArray();
        await admin.PushBlobAsync(image.Repository, config);
        await admin.PushBlobAsync(image.Repository, Manifests.EmptyJson);

        // A referrer without artifactType: its config's media type types it.
        var untyped = Manifests.Image(
            Manifests.Descriptor(ConfigType, config), [Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson)],
            subject: Manifests.Descriptor(Manifests.OciManifest, image.Manifest));
        await admin.PushManifestAsync(image.Repository, Manifests.Digest(untyped), untyped, Manifests.OciManifest);

        // An old client's fallback tag index listing a referrer without its artifactType.
        var legacy = Manifests.Image(Manifests.Descriptor(ConfigType, config), [Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson)]);
        await admin.PushManifestAsync(image.Repository, Manifests.Digest(legacy), legacy, Manifests.OciManifest);
        var fallback = Manifests.Index([Manifests.Descriptor(Manifests.OciManifest, legacy)]);
        await admin.PushManifestAsync(image.Repository, image.Digest.Replace(':', '-'), fallback, Manifests.OciIndex);

        var manifests = await ReferrersAsync(admin, image.Repository, image.Digest);

        Assert.Equal(2, manifests.Count);
        Assert.All(manifests, m => Assert.Equal(ConfigType, m!["artifactType"]!.GetValue<string>()));
    }
}
