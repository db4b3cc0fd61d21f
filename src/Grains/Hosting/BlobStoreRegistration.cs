using Amazon.S3;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Blobs.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Registers the blob store chosen by <see cref="BlobStoreOptions"/>.</summary>
public static class BlobStoreRegistration
{
    /// <summary>
    /// Registers <see cref="IBlobStore"/>: a <see cref="FileSystemBlobStore"/> at <c>Blobs:Path</c> (default
    /// the data path), or an <see cref="S3BlobStore"/> (also resolvable as itself, for batched deletes)
    /// whose bucket is created on start when missing. Options are validated on start.
    /// </summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ArtifactKeeperOptions>().BindConfiguration(ArtifactKeeperOptions.Section);
        services.AddOptions<BlobStoreOptions>().BindConfiguration(BlobStoreOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobStoreOptions>, BlobStoreOptionsValidator>());

        services.TryAddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(RequireS3(sp)));
        services.TryAddSingleton(sp =>
        {
            var s3 = RequireS3(sp);
            return new S3BlobStore(sp.GetRequiredService<IAmazonS3>(), s3.Bucket!, s3.RedirectGets ? s3.PresignTtl : null);
        });
        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value;
            if (options.Provider == BlobStoreProvider.S3)
            {
                return sp.GetRequiredService<S3BlobStore>();
            }

            var root = string.IsNullOrWhiteSpace(options.Path)
                ? sp.GetRequiredService<IOptions<ArtifactKeeperOptions>>().Value.FullDataPath
                : Path.GetFullPath(options.Path);
            return new FileSystemBlobStore(root);
        });
        services.AddHostedService<BlobBucketInitializer>();
        return services;
    }

    private static S3BlobOptions RequireS3(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<BlobStoreOptions>>().Value;
        if (options.Provider != BlobStoreProvider.S3)
        {
            throw new InvalidOperationException($"{BlobStoreOptions.Section}:Provider is {options.Provider}, not S3.");
        }

        return options.S3;
    }
}
