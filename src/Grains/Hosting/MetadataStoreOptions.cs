namespace ArtifactKeeper.Hosting;

/// <summary>Where metadata lives (<c>ArtifactKeeper:Metadata</c>). The default, SQLite, needs no settings.</summary>
public sealed class MetadataStoreOptions
{
    public const string Section = "ArtifactKeeper:Metadata";

    public MetadataStoreProvider Provider { get; set; } = MetadataStoreProvider.Sqlite;

    /// <summary>Npgsql connection string; required for <see cref="MetadataStoreProvider.PostgreSql"/>, ignored for SQLite.</summary>
    public string? ConnectionString { get; set; }
}
