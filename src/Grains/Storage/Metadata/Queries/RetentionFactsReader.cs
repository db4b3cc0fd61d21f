using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The three range scans of <see cref="IRetentionFactsMetadata.ReadRetentionFactsAsync"/>, the same on SQLite and
/// PostgreSQL but for the parameter marker: each store passes a factory making a command in its open snapshot with the
/// repository bound to <c>{marker}repository</c>.
/// </summary>
public static class RetentionFactsReader
{
    public static async Task<RetentionFacts> ReadAsync(char marker, Func<string, DbCommand> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var repository = marker + "repository";
        var tags = new List<ArtifactTagRow>();
        await ForEachRowAsync(
            command($"SELECT tag_id, name, digest, pushed_at FROM tags WHERE repository = {repository};"),
            r => tags.Add(ArtifactRows.ReadTag(r)),
            cancellationToken);

        var pulls = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await ForEachRowAsync(
            command($"SELECT digest, pull_time FROM manifests WHERE repository = {repository} AND pull_time IS NOT NULL;"),
            r => pulls[r.GetString(0)] = r.GetInstant(1),
            cancellationToken);

        var labels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await ForEachRowAsync(
            command($"SELECT a.manifest_digest, l.name FROM artifact_labels a JOIN labels l ON l.id = a.label_id WHERE a.repository = {repository} ORDER BY a.manifest_digest, l.id;"),
            r =>
            {
                if (!labels.TryGetValue(r.GetString(0), out var names))
                {
                    names = new List<string>();
                    labels[r.GetString(0)] = names;
                }

                ((List<string>)names).Add(r.GetString(1));
            },
            cancellationToken);
        return new RetentionFacts(tags, pulls, labels);
    }

    private static async Task ForEachRowAsync(DbCommand command, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                read(reader);
            }
        }
    }
}
