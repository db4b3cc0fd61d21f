using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Retention.Oci;

/// <summary>
/// The repository grain's side of <see cref="IRepositoryRetentionGrain"/>: builds the OCI adapter over the grain's
/// index and services and runs the pass in the grain's turn, so it is serialized with pushes and deletes of that
/// repository. Kept out of the grain so the grain only delegates.
/// </summary>
public static class OciRepositoryRetention
{
    public static Task<RetentionRepositoryResult> ApplyAsync(
        IServiceProvider services, IRepositoryGrain repositoryGrain, string repository, RepositoryIndex index, RetentionRepositoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(services);
        var adapter = new OciRetentionAdapter(
            repository,
            index,
            repositoryGrain,
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<IArtifactMetadata>(),
            services.GetRequiredService<IPullMetadata>(),
            services.GetRequiredService<IArtifactLabelMetadata>());
        var runner = new RetentionRunner(
            adapter,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<RetentionRunner>());
        return runner.RunAsync(repository, request, CancellationToken.None);
    }
}
