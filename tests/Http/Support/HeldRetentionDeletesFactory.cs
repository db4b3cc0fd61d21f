using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Grain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>A registry whose retention batch deletions go through a <see cref="HoldingBatchMetadata"/>, so a test can hold a run mid-way.</summary>
public sealed class HeldRetentionDeletesFactory : RegistryFactory
{
    /// <summary>The hold the registry's repository grains delete through.</summary>
    public HoldingBatchMetadata Batches => (HoldingBatchMetadata)Services.GetRequiredService<IRepositoryBatchMetadata>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            services.AddSingleton<IRepositoryBatchMetadata>(sp => new HoldingBatchMetadata(sp.GetRequiredService<IMetadataStore>())));
    }
}
