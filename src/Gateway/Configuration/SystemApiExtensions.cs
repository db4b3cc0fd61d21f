using ArtifactKeeper.HarborApi;

namespace ArtifactKeeper.Configuration;

/// <summary>Registers what the system-wide Harbor endpoints (systeminfo, statistics, search, configurations) use.</summary>
public static class SystemApiExtensions
{
    public static WebApplicationBuilder AddSystemApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SystemSettings>();
        builder.Services.AddSingleton<ConfigurationSources>();
        builder.Services.AddSingleton<StorageVolumes>();
        return builder;
    }
}
