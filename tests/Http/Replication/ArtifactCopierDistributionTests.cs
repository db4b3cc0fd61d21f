using ArtifactKeeper.Tests.Shared.Loopback;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// The copier from this registry to a real CNCF distribution 2.8 on loopback (no referrers API), and back. The remote
/// side is the real remote client over HTTP.
/// </summary>
public sealed class ArtifactCopierDistributionTests(RegistryFactory factory, DistributionRegistry distribution)
    : IClassFixture<RegistryFactory>, IClassFixture<DistributionRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LocalOciRegistry Local => factory.Services.GetRequiredService<LocalOciRegistry>();

    private IArtifactCopier Copier => factory.Services.GetRequiredService<IArtifactCopier>();

    private IRemoteRegistry Remote()
    {
        var now = DateTimeOffset.UtcNow;
        var endpoint = new RegistryEndpoint(
            0, "distribution", RegistryEndpointTypes.DockerRegistry, distribution.BaseAddress.ToString().TrimEnd('/'), string.Empty, false,
            RegistryCredentialTypes.Basic, null, false, "unknown", now, now);
        return factory.Services.GetRequiredService<IRemoteRegistryFactory>().Open(endpoint, null);
    }

    [Fact]
    public async Task A_signed_multi_arch_image_arrives_with_identical_digests_and_its_signature_under_the_fallback_tag()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        using var http = distribution.CreateClient();
        var remote = Remote();
        var destination = "mirror/" + Guid.NewGuid().ToString("N")[..12];

        var result = await Copier.CopyAsync(
            new ArtifactCopyRequest(Local, image.Repository, image.IndexDigest, [image.Tag], remote, destination, false, ChunkSize: null, BytesPerSecond: 4 * 1024 * 1024),
            null,
            Ct);

        // Blobs another test of this class already pushed to distribution arrive by mount instead.
        Assert.Equal(6, result.BlobsPushed + result.BlobsMounted);
        Assert.Equal(image.IndexDigest, (await remote.HeadManifestAsync(destination, "v1", Ct))!.Digest);
        Assert.Equal(image.Index, (await remote.GetManifestAsync(destination, "v1", Ct))!.Content);
        Assert.Equal(image.Amd64.Manifest, (await remote.GetManifestAsync(destination, image.Amd64.Digest, Ct))!.Content);
        Assert.Equal(image.Signature, (await remote.GetManifestAsync(destination, image.SignatureDigest, Ct))!.Content);
        foreach (var (digest, content) in image.Blobs)
        {
            await using var blob = await remote.OpenBlobAsync(destination, digest, Ct);
            Assert.Equal(content, await ReadAllAsync(blob!.Content));
        }

        var fallback = await remote.GetManifestAsync(destination, AccessoryTags.ReferrersTag(image.IndexDigest), Ct);
        Assert.NotNull(fallback);
        var entry = Assert.Single(JsonNode.Parse(fallback.Content)!["manifests"]!.AsArray())!;
        Assert.Equal(image.SignatureDigest, (string?)entry["digest"]);
        Assert.Equal(MultiArchImage.SignatureType, (string?)entry["artifactType"]);
        Assert.Equal("replication-tests", (string?)entry["annotations"]!["org.example.signed-by"]);
    }

    [Fact]
    public async Task Chunked_pushes_arrive_intact_and_a_second_copy_sends_nothing()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        using var http = distribution.CreateClient();
        var remote = Remote();
        var destination = "chunked/" + Guid.NewGuid().ToString("N")[..12];
        var request = new ArtifactCopyRequest(Local, image.Repository, image.IndexDigest, [image.Tag], remote, destination, false, ChunkSize: 1000, BytesPerSecond: null);

        await Copier.CopyAsync(request, null, Ct);
        var again = await Copier.CopyAsync(request, null, Ct);

        Assert.Equal(new ArtifactCopyResult(0, 0, 6, 0, 0, []), again with { TagsSkipped = [] });
        foreach (var (digest, content) in image.Blobs)
        {
            await using var blob = await remote.OpenBlobAsync(destination, digest, Ct);
            Assert.Equal(content, await ReadAllAsync(blob!.Content));
        }
    }

    [Fact]
    public async Task Copied_back_from_distribution_the_signature_is_found_through_the_fallback_tag_and_becomes_a_referrer_here()
    {
        using var admin = factory.Admin();
        var image = await MultiArchImage.PushAsync(admin, RegistryClient.UniqueRepo());
        using var http = distribution.CreateClient();
        var remote = Remote();
        var mirror = "roundtrip/" + Guid.NewGuid().ToString("N")[..12];
        await Copier.CopyAsync(new ArtifactCopyRequest(Local, image.Repository, image.IndexDigest, [image.Tag], remote, mirror, false, null, null), null, Ct);
        var back = $"{HarborProjects.NewName("back")}/app";

        var result = await Copier.CopyAsync(new ArtifactCopyRequest(remote, mirror, image.IndexDigest, [image.Tag], Local, back, false, null, null), null, Ct);

        Assert.Equal(6, result.BlobsPushed + result.BlobsMounted);
        Assert.Equal(image.IndexDigest, (await Local.HeadManifestAsync(back, "v1", Ct))!.Digest);
        var referrers = await Local.GetReferrersAsync(back, image.IndexDigest, Ct);
        Assert.Equal(image.SignatureDigest, Assert.Single(referrers.Manifests).Digest);
        foreach (var (digest, content) in image.Blobs)
        {
            await using var blob = await Local.OpenBlobAsync(back, digest, Ct);
            Assert.Equal(content, await ReadAllAsync(blob!.Content));
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }
}
