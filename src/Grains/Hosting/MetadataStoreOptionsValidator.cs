using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Rejects an unknown provider and PostgreSQL without a connection string, naming the configuration keys.</summary>
public sealed class MetadataStoreOptionsValidator : IValidateOptions<MetadataStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, MetadataStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail(
                $"{MetadataStoreOptions.Section}:Provider must be {MetadataStoreProvider.Sqlite} or {MetadataStoreProvider.PostgreSql}.");
        }

        if (options.Provider == MetadataStoreProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{MetadataStoreOptions.Section}:ConnectionString is required when {MetadataStoreOptions.Section}:Provider is " +
                $"{MetadataStoreProvider.PostgreSql} (an Npgsql connection string, e.g. Host=db;Database=artifactkeeper;Username=ak;Password=...).");
        }

        return ValidateOptionsResult.Success;
    }
}
