using System.Security.Cryptography;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>A single-platform image of random bytes (so no two images share a blob), pushed or not.</summary>
public sealed record TestImage(string Repository, string Tag, string Digest, byte[] Manifest, IReadOnlyList<(string Digest, byte[] Content)> Blobs)
{
    /// <summary>The bytes a copy to a registry without any of its blobs sends.</summary>
    public long BlobBytes => Blobs.Sum(b => (long)b.Content.Length);

    /// <summary>A task copying this image under <see cref="Tag"/> to <paramref name="destinationRepository"/>.</summary>
    public ReplicationItem CopyTo(string destinationRepository) =>
        new(ReplicationOperation.Copy, "image", Repository, Digest, [Tag], destinationRepository);
}

/// <summary>Builds images and pushes them into this registry through its grains, as the gateway does.</summary>
public static class ReplicationImages
{
    public static TestImage Build(string repository, string tag = "v1", int layerSize = 2048)
    {
        var config = TestContent.Utf8($$"""{"architecture":"amd64","os":"linux","created":"{{Guid.NewGuid():N}}"}""");
        var layer = new byte[layerSize];
        RandomNumberGenerator.Fill(layer);
        var configDigest = TestContent.DigestOf(config);
        var layerDigest = TestContent.DigestOf(layer);
        var manifest = Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length));
        return new TestImage(repository, tag, TestContent.DigestOf(manifest), manifest, [(configDigest, config), (layerDigest, layer)]);
    }

    public static async Task<TestImage> PushAsync(IClusterClient client, IBlobStore blobs, TestImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(image);
        foreach (var (digest, content) in image.Blobs)
        {
            var uploadId = TestContent.NewUploadId();
            await using (var writer = await blobs.OpenUploadAsync(uploadId, 0, cancellationToken))
            {
                using var source = new MemoryStream(content);
                await writer.AppendAsync(source, null, cancellationToken);
                await writer.FlushAsync(cancellationToken);
            }

            Assert.Equal(LinkOutcome.Linked, await client.GetGrain<IBlobGrain>(digest).TryPublishAsync(uploadId, content.Length, image.Repository));
        }

        var put = await client.GetGrain<IRepositoryGrain>(image.Repository).PutManifestAsync(new PutManifestRequest(image.Tag, ManifestMediaTypes.OciManifest, image.Manifest));
        Assert.True(put.Succeeded, put.Message);
        Assert.Equal(image.Digest, put.Digest);
        return image;
    }
}
