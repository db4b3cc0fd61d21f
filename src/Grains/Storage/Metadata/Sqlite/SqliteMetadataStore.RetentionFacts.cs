using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Retention's read of a whole repository (<see cref="IRetentionFactsMetadata"/>): three range scans in one snapshot.</summary>
public sealed partial class SqliteMetadataStore : IRetentionFactsMetadata
{
    public Task<RetentionFacts> ReadRetentionFactsAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return ReadAsync(
            (connection, transaction) => RetentionFactsReader.ReadAsync('$', sql => Command(connection, transaction, sql, ("$repository", repository)), cancellationToken),
            cancellationToken);
    }
}
