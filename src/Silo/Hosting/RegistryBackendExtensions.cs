using ArtifactKeeper.Hosting.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>What every process that serves the registry needs, silo or gateway client: options, stores, schema, seed data.</summary>
public static class RegistryBackendExtensions
{
    /// <summary>
    /// Binds and validates the shared options and registers the metadata and blob stores. Hosted services
    /// registered here run before Orleans starts (registration order): in cluster mode Orleans' own tables
    /// first, then the registry schema and its seed (admin user, <c>library</c> project), each idempotent
    /// and safe when several processes start at once.
    /// </summary>
    public static IHostApplicationBuilder AddRegistryBackend(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ArtifactKeeperOptions>().BindConfiguration(ArtifactKeeperOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GcOptions>().BindConfiguration(GcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VulnerabilityPolicyOptions>().BindConfiguration(VulnerabilityPolicyOptions.Section).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetadataStore();
        services.AddBlobStore();
        services.AddContentTrust();

        if (builder.Configuration.GetDeploymentMode() == DeploymentMode.Cluster)
        {
            services.AddOptions<ClusterModeOptions>().BindConfiguration(ClusterModeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterModeOptions>, ClusterModeValidator>());
            services.AddHostedService<OrleansSchemaInitializer>();
        }

        services.AddHostedService<RegistrySeeder>();
        return builder;
    }

    /// <summary>
    /// The deployment mode, read eagerly: it decides which services exist, so it cannot wait for options
    /// validation. A value that is not a mode fails here, naming the key.
    /// </summary>
    public static DeploymentMode GetDeploymentMode(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[$"{ArtifactKeeperOptions.Section}:{nameof(ArtifactKeeperOptions.Mode)}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DeploymentMode.Embedded;
        }

        return Enum.TryParse<DeploymentMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new OptionsValidationException(
                ArtifactKeeperOptions.Section,
                typeof(ArtifactKeeperOptions),
                [$"{ArtifactKeeperOptions.Section}:Mode must be {DeploymentMode.Embedded} or {DeploymentMode.Cluster} (got '{value}')."]);
    }

    /// <summary>The PostgreSQL connection string cluster mode keeps membership, reminders and grain state under.</summary>
    internal static string GetMetadataConnectionString(this IConfiguration configuration)
    {
        var value = configuration[$"{MetadataStoreOptions.Section}:{nameof(MetadataStoreOptions.ConnectionString)}"];
        return string.IsNullOrWhiteSpace(value)
            ? throw new OptionsValidationException(
                MetadataStoreOptions.Section,
                typeof(MetadataStoreOptions),
                [$"{ArtifactKeeperOptions.Section}:Mode is {DeploymentMode.Cluster}, which needs {MetadataStoreOptions.Section}:ConnectionString (PostgreSQL)."])
            : value;
    }
}
