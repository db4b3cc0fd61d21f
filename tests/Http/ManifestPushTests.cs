using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Push workflow, manifests (end-7): the four manifest media types and artifacts with a subject.</summary>
public sealed class ManifestPushTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertServedAsync(RegistryClient client, string repo, string reference, byte[] manifest, string mediaType)
    {
        using var response = await client.GetAsync($"/v2/{repo}/manifests/{reference}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Manifests.Digest(manifest), OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(manifest, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData(Manifests.OciManifest)]
    [InlineData(Manifests.DockerManifest)]
    public async Task Put_image_manifest_by_tag_returns_201_with_location_and_digest(string mediaType)
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var docker = mediaType == Manifests.DockerManifest;
        var config = Manifests.EmptyJson.Concat("\n"u8.ToArray()).ToArray();
        var layer = Manifests.RandomBytes(256);
        await admin.PushBlobAsync(repo, config);
        await admin.PushBlobAsync(repo, layer);
        var manifest = Manifests.Image(
            Manifests.Descriptor(docker ? Manifests.DockerConfig : Manifests.OciConfig, config),
            [Manifests.Descriptor(docker ? Manifests.DockerLayer : Manifests.OciLayer, layer)],
            mediaType);

        using var response = await admin.PutManifestAsync(repo, "1.0", manifest, mediaType);

        OciAssert.Status(response, HttpStatusCode.Created);
        var digest = Manifests.Digest(manifest);
        Assert.Equal(digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{repo}/manifests/{digest}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.False(OciAssert.HasHeader(response, "OCI-Subject"));
        await AssertServedAsync(admin, repo, "1.0", manifest, mediaType);
        await AssertServedAsync(admin, repo, digest, manifest, mediaType);
    }

    [Fact]
    public async Task Put_by_digest_stores_untagged_manifest()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), tag: null);

        await AssertServedAsync(admin, image.Repository, image.Digest, image.Manifest, Manifests.OciManifest);
        Assert.Equal([], await admin.TagsAsync(image.Repository));
    }

    [Theory]
    [InlineData(Manifests.OciIndex, Manifests.OciManifest)]
    [InlineData(Manifests.DockerManifestList, Manifests.DockerManifest)]
    public async Task Put_index_over_pushed_children_returns_201(string indexType, string childType)
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var amd64 = await admin.PushImageAsync(repo, tag: null, childType);
        var arm64 = await admin.PushImageAsync(repo, tag: null, childType);
        var children = new[] { amd64, arm64 }.Select((image, i) =>
        {
            var descriptor = Manifests.Descriptor(childType, image.Manifest);
            descriptor["platform"] = new System.Text.Json.Nodes.JsonObject { ["architecture"] = i == 0 ? "amd64" : "arm64", ["os"] = "linux" };
            return descriptor;
        });
        var index = Manifests.Index(children, indexType);

        var digest = await admin.PushManifestAsync(repo, "multi", index, indexType);

        await AssertServedAsync(admin, repo, "multi", index, indexType);
        await AssertServedAsync(admin, repo, digest, index, indexType);
    }

    [Fact]
    public async Task Put_artifact_with_subject_returns_oci_subject_header()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        await admin.PushBlobAsync(image.Repository, Manifests.EmptyJson);
        var payload = Manifests.RandomBytes(200);
        await admin.PushBlobAsync(image.Repository, payload);
        var artifact = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor("application/vnd.example.sbom+json", payload)],
            artifactType: "application/vnd.example.sbom",
            subject: Manifests.Descriptor(Manifests.OciManifest, image.Manifest));

        using var response = await admin.PutManifestAsync(image.Repository, Manifests.Digest(artifact), artifact, Manifests.OciManifest);

        OciAssert.Status(response, HttpStatusCode.Created);
        Assert.Equal(image.Digest, OciAssert.Header(response, "OCI-Subject"));
        await AssertServedAsync(admin, image.Repository, Manifests.Digest(artifact), artifact, Manifests.OciManifest);
    }

    [Fact]
    public async Task Put_artifact_whose_subject_is_not_pushed_yet_is_accepted()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        await admin.PushBlobAsync(repo, Manifests.EmptyJson);
        var absent = Manifests.Digest(Manifests.RandomBytes(32));
        var artifact = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson)],
            artifactType: "application/vnd.example.signature",
            subject: Manifests.Descriptor(Manifests.OciManifest, absent, 1234));

        using var response = await admin.PutManifestAsync(repo, Manifests.Digest(artifact), artifact, Manifests.OciManifest);

        OciAssert.Status(response, HttpStatusCode.Created);
        Assert.Equal(absent, OciAssert.Header(response, "OCI-Subject"));
    }

    [Fact]
    public async Task Put_same_tag_again_moves_tag_to_new_manifest()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var first = await admin.PushImageAsync(repo, "latest");
        var second = await admin.PushImageAsync(repo, "latest");

        await AssertServedAsync(admin, repo, "latest", second.Manifest, Manifests.OciManifest);
        await AssertServedAsync(admin, repo, first.Digest, first.Manifest, Manifests.OciManifest);
        Assert.Equal(["latest"], await admin.TagsAsync(repo));
    }

    [Fact]
    public async Task Put_config_blob_with_garbage_content_is_accepted()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();

        // The config is opaque to the registry: it is never parsed.
        var image = await admin.PushImageAsync(repo, "garbage", configText: "\u0001not json at all {{{");

        await AssertServedAsync(admin, repo, "garbage", image.Manifest, Manifests.OciManifest);
    }
}
