using ArtifactKeeper.Storage.Blobs.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Creates the S3 bucket before traffic arrives (idempotent, so every process may run it); a no-op for the file system.</summary>
internal sealed class BlobBucketInitializer(IOptions<BlobStoreOptions> options, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == BlobStoreProvider.S3)
        {
            await services.GetRequiredService<S3BlobStore>().EnsureBucketAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
