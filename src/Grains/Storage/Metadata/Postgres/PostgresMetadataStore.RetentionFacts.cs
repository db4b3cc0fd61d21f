using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Retention's read of a whole repository (<see cref="IRetentionFactsMetadata"/>): three range scans in one snapshot.</summary>
public sealed partial class PostgresMetadataStore : IRetentionFactsMetadata
{
    public Task<RetentionFacts> ReadRetentionFactsAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return SnapshotAsync(
            (connection, transaction) => RetentionFactsReader.ReadAsync('@', sql => Command(connection, transaction, sql, P("repository", repository)), cancellationToken),
            cancellationToken);
    }
}
