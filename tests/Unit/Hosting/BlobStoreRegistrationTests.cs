using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class BlobStoreRegistrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-blobreg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Default_registers_file_system_store_under_the_data_path()
    {
        using var services = Build(new() { ["ArtifactKeeper:DataPath"] = _root });

        Assert.IsType<FileSystemBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.True(Directory.Exists(Path.Combine(_root, "blobs", "sha256")));
    }

    [Fact]
    public void Blobs_path_overrides_the_data_path()
    {
        var blobs = Path.Combine(_root, "elsewhere");
        using var services = Build(new() { ["ArtifactKeeper:DataPath"] = Path.Combine(_root, "data"), ["ArtifactKeeper:Blobs:Path"] = blobs });

        services.GetRequiredService<IBlobStore>();

        Assert.True(Directory.Exists(Path.Combine(blobs, "uploads")));
        Assert.False(Directory.Exists(Path.Combine(_root, "data")));
    }

    [Fact]
    public void S3_settings_bind_from_configuration()
    {
        using var services = Build(new()
        {
            ["ArtifactKeeper:Blobs:Provider"] = "S3",
            ["ArtifactKeeper:Blobs:S3:ServiceUrl"] = "http://127.0.0.1:4569",
            ["ArtifactKeeper:Blobs:S3:Bucket"] = "registry",
            ["ArtifactKeeper:Blobs:S3:ForcePathStyle"] = "false",
            ["ArtifactKeeper:Blobs:S3:RedirectGets"] = "true",
            ["ArtifactKeeper:Blobs:S3:PresignTtl"] = "00:05:00",
        });

        var options = services.GetRequiredService<IOptions<BlobStoreOptions>>().Value;

        Assert.Equal(BlobStoreProvider.S3, options.Provider);
        Assert.Equal(new Uri("http://127.0.0.1:4569"), options.S3.ServiceUrl);
        Assert.Equal("registry", options.S3.Bucket);
        Assert.Equal("us-east-1", options.S3.Region);
        Assert.False(options.S3.ForcePathStyle);
        Assert.True(options.S3.RedirectGets);
        Assert.Equal(TimeSpan.FromMinutes(5), options.S3.PresignTtl);
    }

    [Fact]
    public void S3_without_bucket_fails_validation()
    {
        using var services = Build(new() { ["ArtifactKeeper:Blobs:Provider"] = "S3" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BlobStoreOptions>>().Value);
        Assert.Contains("Bucket", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddBlobStore();
        return services.BuildServiceProvider();
    }
}
