using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>The copier between two projects of this registry, both sides the real <see cref="LocalOciRegistry"/>.</summary>
public sealed class ArtifactCopierLocalTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LocalOciRegistry Local => factory.Services.GetRequiredService<LocalOciRegistry>();

    private IArtifactCopier Copier => factory.Services.GetRequiredService<IArtifactCopier>();

    [Fact]
    public async Task A_multi_arch_index_with_its_signature_arrives_whole_in_a_new_project()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var destination = $"{HarborProjects.NewName("mirror")}/app";

        var result = await Copier.CopyAsync(Request(image, destination), null, Ct);

        // Only the empty config blob can be known from an earlier copy in this host (then it is mounted, not sent).
        Assert.Equal(6, result.BlobsPushed + result.BlobsMounted);
        Assert.InRange(result.BlobsMounted, 0, 1);
        Assert.Equal(image.Blobs.Sum(b => (long)b.Content.Length) - (result.BlobsMounted * Manifests.EmptyJson.Length), result.BytesSent);
        Assert.Equal(5, result.ManifestsPut);
        using var index = await admin.GetAsync($"/v2/{destination}/manifests/v1", r => r.Headers.Accept.ParseAdd(Manifests.OciIndex));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal(image.Index, await index.Content.ReadAsByteArrayAsync(Ct));
        foreach (var child in new[] { image.Amd64, image.Arm64 })
        {
            using var pulled = await admin.GetAsync($"/v2/{destination}/manifests/{child.Digest}", r => r.Headers.Accept.ParseAdd(Manifests.OciManifest));
            Assert.Equal(child.Manifest, await pulled.Content.ReadAsByteArrayAsync(Ct));
        }

        foreach (var (digest, content) in image.Blobs)
        {
            using var blob = await admin.GetAsync($"/v2/{destination}/blobs/{digest}");
            Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync(Ct));
        }

        using var referrers = await admin.GetAsync($"/v2/{destination}/referrers/{image.IndexDigest}");
        var listed = Assert.Single((await RegistryClient.JsonAsync(referrers))["manifests"]!.AsArray())!;
        Assert.Equal(image.SignatureDigest, (string?)listed["digest"]);
        Assert.Equal(MultiArchImage.SignatureType, (string?)listed["artifactType"]);
    }

    [Fact]
    public async Task A_second_copy_skips_every_blob()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var destination = $"{HarborProjects.NewName("mirror")}/app";
        await Copier.CopyAsync(Request(image, destination), null, Ct);

        var again = await Copier.CopyAsync(Request(image, destination), null, Ct);

        Assert.Equal(new ArtifactCopyResult(0, 0, 6, 0, 0, []), again with { TagsSkipped = [] });
        Assert.Empty(again.TagsSkipped);
    }

    [Fact]
    public async Task Without_override_a_diverging_destination_tag_is_kept_and_reported()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var destination = $"{HarborProjects.NewName("mirror")}/app";
        await Local.PrepareRepositoryAsync(destination, Ct);
        var diverging = await admin.PushImageAsync(destination, "v1");

        var result = await Copier.CopyAsync(Request(image, destination), null, Ct);

        Assert.Equal(["v1"], result.TagsSkipped);
        Assert.Equal(diverging.Digest, (await Local.HeadManifestAsync(destination, "v1", Ct))!.Digest);
        Assert.NotNull(await Local.HeadManifestAsync(destination, image.IndexDigest, Ct));

        var overridden = await Copier.CopyAsync(Request(image, destination) with { Override = true }, null, Ct);

        Assert.Empty(overridden.TagsSkipped);
        Assert.Equal(image.IndexDigest, (await Local.HeadManifestAsync(destination, "v1", Ct))!.Digest);
    }

    [Fact]
    public async Task An_immutable_destination_tag_refuses_even_an_overriding_copy_for_good()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var project = HarborProjects.NewName("mirror");
        await HarborProjects.CreateAsync(admin, project, false);
        var rule = new JsonObject
        {
            ["tag_selectors"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = "matches", ["pattern"] = "v*" }),
            ["scope_selectors"] = new JsonObject
            {
                ["repository"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = "repoMatches", ["pattern"] = "**" }),
            },
        };
        using (var created = await admin.SendAsync(HttpMethod.Post, $"/api/v2.0/projects/{project}/immutabletagrules", HarborProjects.Json(rule.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var destination = $"{project}/app";
        var protectedImage = await admin.PushImageAsync(destination, "v1");

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => Copier.CopyAsync(Request(image, destination) with { Override = true }, null, Ct));

        Assert.Equal(("DENIED", HttpStatusCode.PreconditionFailed, false), (refused.ErrorCode, refused.StatusCode, refused.Transient));
        Assert.Equal(protectedImage.Digest, (await Local.HeadManifestAsync(destination, "v1", Ct))!.Digest);
    }

    [Fact]
    public async Task Blobs_already_copied_to_one_repository_are_mounted_into_the_next()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var project = HarborProjects.NewName("mirror");
        await Copier.CopyAsync(Request(image, $"{project}/first"), null, Ct);

        var result = await Copier.CopyAsync(Request(image, $"{project}/second"), null, Ct);

        Assert.Equal((6, 0, 0L), (result.BlobsMounted, result.BlobsPushed, result.BytesSent));
        Assert.Equal(image.IndexDigest, (await Local.HeadManifestAsync($"{project}/second", "v1", Ct))!.Digest);
    }

    [Fact]
    public async Task Delete_removes_the_copied_artifact_at_the_destination()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        var destination = $"{HarborProjects.NewName("mirror")}/app";
        await Copier.CopyAsync(Request(image, destination), null, Ct);

        Assert.True(await Copier.DeleteAsync(Local, destination, image.IndexDigest, ["v1"], Ct));

        Assert.Null(await Local.HeadManifestAsync(destination, "v1", Ct));
        Assert.False(await Copier.DeleteAsync(Local, destination, image.IndexDigest, ["v1"], Ct));
    }

    private ArtifactCopyRequest Request(MultiArchImage image, string destination) =>
        new(Local, image.Repository, image.IndexDigest, [image.Tag], Local, destination, Override: false, ChunkSize: null, BytesPerSecond: null);
}
