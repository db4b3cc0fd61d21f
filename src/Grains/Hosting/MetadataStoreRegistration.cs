using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Registers the metadata store chosen by <see cref="MetadataStoreOptions"/>.</summary>
public static class MetadataStoreRegistration
{
    /// <summary>
    /// Binds and validates <see cref="MetadataStoreOptions"/> and registers one <see cref="IMetadataStore"/>
    /// singleton (SQLite at <c>&lt;DataPath&gt;/metadata.db</c>, or PostgreSQL) behind every
    /// sub-interface. The SQLite path reads <see cref="ArtifactKeeperOptions"/>, which the caller binds.
    /// The schema is created by <see cref="IMetadataStore.InitializeAsync"/> (the registry seeder), not here.
    /// </summary>
    public static IServiceCollection AddMetadataStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MetadataStoreOptions>().BindConfiguration(MetadataStoreOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetadataStoreOptions>, MetadataStoreOptionsValidator>());
        services.AddSingleton<IMetadataStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MetadataStoreOptions>>().Value;
            if (options.Provider == MetadataStoreProvider.PostgreSql)
            {
                return new PostgresMetadataStore(options.ConnectionString!);
            }

            var dataPath = sp.GetRequiredService<IOptions<ArtifactKeeperOptions>>().Value.FullDataPath;
            Directory.CreateDirectory(dataPath);
            return new SqliteMetadataStore(Path.Combine(dataPath, "metadata.db"));
        });
        services.AddSingleton<IRepositoryMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IBlobMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IUploadMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IProjectMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IUserMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<ISettingsMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<ICatalogQueries>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IUserAccountMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IUserQueries>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IProjectMemberMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IUserGroupMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IRobotMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IAuditMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IOidcUserMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<ILabelMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IArtifactLabelMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IImmutableRuleMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IPullMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<ISystemQueries>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IConfigurationMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IQuotaMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IArtifactMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IRetentionMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IScheduleMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IGcMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IScannerRegistrationMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IGcRunMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IRepositoryBatchMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IRetentionFactsMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IQuotaBatchMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IContentTrustMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<ICveAllowlistMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IScanMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IRegistryEndpointMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IReplicationPolicyMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IReplicationExecutionMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddSingleton<IProxyCacheMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        return services;
    }
}
