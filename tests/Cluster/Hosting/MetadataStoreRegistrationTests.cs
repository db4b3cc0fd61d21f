using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Cluster.Hosting;

public sealed class MetadataStoreRegistrationTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ak-reg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public void AddMetadataStore_without_settings_registers_sqlite_in_the_data_path_behind_every_interface()
    {
        using var provider = Build([]);

        var store = provider.GetRequiredService<IMetadataStore>();

        Assert.IsType<SqliteMetadataStore>(store);
        Assert.True(Directory.Exists(_dataPath));
        Assert.Same(store, provider.GetRequiredService<IRepositoryMetadata>());
        Assert.Same(store, provider.GetRequiredService<IBlobMetadata>());
        Assert.Same(store, provider.GetRequiredService<IUploadMetadata>());
        Assert.Same(store, provider.GetRequiredService<IProjectMetadata>());
        Assert.Same(store, provider.GetRequiredService<IUserMetadata>());
        Assert.Same(store, provider.GetRequiredService<ISettingsMetadata>());
        Assert.Same(store, provider.GetRequiredService<ICatalogQueries>());
        Assert.Same(store, provider.GetRequiredService<IProjectMemberMetadata>());
        Assert.Same(store, provider.GetRequiredService<IUserGroupMetadata>());
    }

    [Fact]
    public async Task AddMetadataStore_default_store_initializes_metadata_db_under_the_data_path()
    {
        await using var provider = Build([]);

        await provider.GetRequiredService<IMetadataStore>().InitializeAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(_dataPath, "metadata.db")));
    }

    [Fact]
    public void AddMetadataStore_with_postgresql_registers_the_postgres_store_behind_every_interface()
    {
        using var provider = Build(new()
        {
            ["ArtifactKeeper:Metadata:Provider"] = "PostgreSql",
            ["ArtifactKeeper:Metadata:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=nobody",
        });

        var store = provider.GetRequiredService<IMetadataStore>();

        Assert.IsType<PostgresMetadataStore>(store);
        Assert.Same(store, provider.GetRequiredService<ICatalogQueries>());
        Assert.Same(store, provider.GetRequiredService<IUploadMetadata>());
        Assert.Same(store, provider.GetRequiredService<IProjectMemberMetadata>());
        Assert.False(Directory.Exists(_dataPath));
    }

    [Fact]
    public void AddMetadataStore_with_postgresql_and_no_connection_string_fails_naming_the_key()
    {
        using var provider = Build(new() { ["ArtifactKeeper:Metadata:Provider"] = "PostgreSql" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMetadataStore>());

        Assert.Contains("ArtifactKeeper:Metadata:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataStoreOptionsValidator_rejects_an_undefined_provider()
    {
        var result = new MetadataStoreOptionsValidator().Validate(null, new MetadataStoreOptions { Provider = (MetadataStoreProvider)7 });

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Metadata:Provider", result.FailureMessage, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["ArtifactKeeper:DataPath"] = _dataPath;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<ArtifactKeeperOptions>().BindConfiguration(ArtifactKeeperOptions.Section);
        services.AddMetadataStore();
        return services.BuildServiceProvider();
    }
}
