using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Blobs.S3;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ArtifactKeeper.Tests.Cluster.Storage;

public sealed class S3BlobStoreRegistrationTests(S3rverServer s3)
{
    [Fact]
    public async Task AddBlobStore_with_S3_creates_the_bucket_on_start_and_serves_blobs_with_redirects()
    {
        var bucket = "registered-" + Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ArtifactKeeper:Blobs:Provider"] = "S3",
            ["ArtifactKeeper:Blobs:S3:ServiceUrl"] = s3.ServiceUrl.ToString(),
            ["ArtifactKeeper:Blobs:S3:Bucket"] = bucket,
            ["ArtifactKeeper:Blobs:S3:AccessKey"] = S3rverServer.AccessKey,
            ["ArtifactKeeper:Blobs:S3:SecretKey"] = S3rverServer.SecretKey,
            ["ArtifactKeeper:Blobs:S3:RedirectGets"] = "true",
            ["ArtifactKeeper:Blobs:S3:PresignTtl"] = "00:01:00",
        });
        builder.Services.AddBlobStore();
        using var host = builder.Build();
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct);
        var store = host.Services.GetRequiredService<IBlobStore>();
        await using (var writer = await store.OpenUploadAsync("registered", 0, ct))
        {
            await writer.AppendAsync(new MemoryStream([1, 2, 3]), null, ct);
            await writer.FlushAsync(ct);
            await store.PublishAsync("registered", writer.CurrentDigest!, ct);
            var url = await store.TryGetDownloadUrlAsync(writer.CurrentDigest!, ct);
            Assert.Contains(bucket, url!.AbsolutePath, StringComparison.Ordinal);
        }

        Assert.Same(store, host.Services.GetRequiredService<S3BlobStore>());
        await host.StopAsync(ct);
    }
}
