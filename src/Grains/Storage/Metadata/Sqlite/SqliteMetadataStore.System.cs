using System.Globalization;
using System.Text;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Pull counts, statistics, repository search and API-set configuration values.</summary>
public sealed partial class SqliteMetadataStore
{
    /// <summary>Rows per UPDATE: four parameters each, far below SQLite's 32766 variables.</summary>
    private const int PullRowsPerStatement = 500;

    private static readonly SystemQuerySql SystemSql = new('$', "json_extract(p.metadata, '$.public')");

    public Task RecordPullsAsync(IReadOnlyList<PullTally> pulls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pulls);
        if (pulls.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var chunk in pulls.Chunk(PullRowsPerStatement))
                {
                    var values = new StringBuilder();
                    var parameters = new List<(string, object?)>(chunk.Length * 4);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        var row = i.ToString(CultureInfo.InvariantCulture);
                        values.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"($r{row}, $d{row}, $n{row}, $t{row})");
                        parameters.Add(("$r" + row, chunk[i].Repository));
                        parameters.Add(("$d" + row, chunk[i].Digest));
                        parameters.Add(("$n" + row, chunk[i].Count));
                        parameters.Add(("$t" + row, ToUnixMs(chunk[i].LastPulled)));
                    }

                    await ExecuteAsync(
                        connection,
                        transaction,
                        $"""
                        WITH v (repository, digest, n, at) AS (VALUES {values})
                        UPDATE manifests SET pull_count = manifests.pull_count + s.n, pull_time = MAX(COALESCE(manifests.pull_time, 0), s.at)
                        FROM (SELECT repository, digest, SUM(n) AS n, MAX(at) AS at FROM v GROUP BY repository, digest) s
                        WHERE manifests.repository = s.repository AND manifests.digest = s.digest;
                        WITH v (repository, digest, n, at) AS (VALUES {values})
                        UPDATE repositories SET pull_count = repositories.pull_count + s.n
                        FROM (SELECT repository, SUM(n) AS n FROM v GROUP BY repository) s
                        WHERE repositories.name = s.repository;
                        """,
                        cancellationToken,
                        [.. parameters]);
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, ArtifactPulls>> GetArtifactPullsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        return ReadAsync<IReadOnlyDictionary<string, ArtifactPulls>>(
            async (connection, transaction) =>
            {
                var result = new Dictionary<string, ArtifactPulls>(StringComparer.Ordinal);
                foreach (var chunk in digests.Distinct(StringComparer.Ordinal).Chunk(PullRowsPerStatement))
                {
                    var names = chunk.Select((_, i) => "$d" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    var parameters = chunk.Select((d, i) => (names[i], (object?)d)).Append(("$repository", repository)).ToArray();
                    await using var command = Command(
                        connection,
                        transaction,
                        $"SELECT digest, pull_count, pull_time FROM manifests WHERE repository = $repository AND digest IN ({string.Join(", ", names)});",
                        parameters);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        result[reader.GetString(0)] = new ArtifactPulls(reader.GetInt64(1), reader.IsDBNull(2) ? null : FromUnixMs(reader.GetInt64(2)));
                    }
                }

                return result;
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> GetRepositoryPullCountsAsync(IReadOnlyCollection<string> repositories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        return ReadAsync<IReadOnlyDictionary<string, long>>(
            async (connection, transaction) =>
            {
                var result = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var chunk in repositories.Distinct(StringComparer.Ordinal).Chunk(PullRowsPerStatement))
                {
                    var names = chunk.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    await using var command = Command(
                        connection,
                        transaction,
                        $"SELECT name, pull_count FROM repositories WHERE name IN ({string.Join(", ", names)});",
                        chunk.Select((r, i) => (names[i], (object?)r)).ToArray());
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        result[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }

                return result;
            },
            cancellationToken);
    }

    public Task<RegistryStatistics> GetStatisticsAsync(bool totals, ProjectMember? member, CancellationToken cancellationToken)
    {
        var (sql, parameters) = SystemSql.Statistics(totals, member);
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, parameters.Select(p => (p.Name, (object?)p.Value)).ToArray());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new RegistryStatistics(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6) + reader.GetInt64(7));
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RepositorySearchHit>> SearchRepositoriesAsync(
        string keyword, ProjectVisibility visibility, int limit, CancellationToken cancellationToken)
    {
        var (sql, parameters) = SystemSql.SearchRepositories(keyword, visibility, limit);
        return ReadAsync<IReadOnlyList<RepositorySearchHit>>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, parameters.Select(p => (p.Name, (object?)p.Value)).ToArray());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var hits = new List<RepositorySearchHit>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    hits.Add(new RepositorySearchHit(
                        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3) == 1, reader.GetInt64(4), reader.GetInt64(5)));
                }

                return hits;
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> ListSettingsAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return ReadAsync<IReadOnlyDictionary<string, string>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT key, value FROM settings WHERE substr(key, 1, length($prefix)) = $prefix;", ("$prefix", prefix));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken))
                {
                    values[reader.GetString(0)] = reader.GetString(1);
                }

                return values;
            },
            cancellationToken);
    }

    public Task PutSettingsAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var (key, value) in settings)
                {
                    ArgumentException.ThrowIfNullOrEmpty(key);
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                        cancellationToken,
                        ("$key", key),
                        ("$value", value));
                }
            },
            cancellationToken);
    }
}
