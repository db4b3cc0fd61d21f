using ArtifactKeeper.Storage.Metadata.Queries;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Pull counts, statistics, repository search and API-set configuration values.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly SystemQuerySql SystemSql = new('@', "(p.metadata ->> 'public')");

    /// <remarks>
    /// Both UPDATEs take their rows from arrays (one parameter each, whatever the batch size) and lock rows in
    /// (repository, digest) order, so two gateways flushing at once queue instead of deadlocking.
    /// </remarks>
    public Task RecordPullsAsync(IReadOnlyList<PullTally> pulls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pulls);
        if (pulls.Count == 0)
        {
            return Task.CompletedTask;
        }

        var ordered = pulls.OrderBy(p => p.Repository, StringComparer.Ordinal).ThenBy(p => p.Digest, StringComparer.Ordinal).ToArray();
        return WriteAsync(
            async (connection, transaction) =>
            {
                NpgsqlParameter[] Arrays() =>
                [
                    P("repositories", ordered.Select(p => p.Repository).ToArray()),
                    P("digests", ordered.Select(p => p.Digest).ToArray()),
                    P("counts", ordered.Select(p => p.Count).ToArray()),
                    P("times", ordered.Select(p => ToUnixMs(p.LastPulled)).ToArray()),
                ];
                await using var batch = Batch(
                    connection,
                    transaction,
                    Statement(
                        """
                        UPDATE manifests m SET pull_count = m.pull_count + s.n, pull_time = GREATEST(COALESCE(m.pull_time, 0), s.at)
                        FROM (SELECT repository, digest, SUM(n)::bigint AS n, MAX(at) AS at
                              FROM unnest(@repositories, @digests, @counts, @times) AS v (repository, digest, n, at)
                              GROUP BY repository, digest) s
                        WHERE m.repository = s.repository COLLATE "C" AND m.digest = s.digest;
                        """,
                        Arrays()),
                    Statement(
                        """
                        UPDATE repositories r SET pull_count = r.pull_count + s.n
                        FROM (SELECT repository, SUM(n)::bigint AS n
                              FROM unnest(@repositories, @digests, @counts, @times) AS v (repository, digest, n, at)
                              GROUP BY repository) s
                        WHERE r.name = s.repository COLLATE "C";
                        """,
                        Arrays()));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, ArtifactPulls>> GetArtifactPullsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        var rows = await QueryAsync(
            "SELECT digest, pull_count, pull_time FROM manifests WHERE repository = @repository AND digest = ANY(@digests);",
            r => (Digest: r.GetString(0), Pulls: new ArtifactPulls(r.GetInt64(1), r.IsDBNull(2) ? null : FromUnixMs(r.GetInt64(2)))),
            cancellationToken,
            P("repository", repository),
            P("digests", digests.ToArray()));
        return rows.ToDictionary(r => r.Digest, r => r.Pulls, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, long>> GetRepositoryPullCountsAsync(IReadOnlyCollection<string> repositories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var rows = await QueryAsync(
            "SELECT name, pull_count FROM repositories WHERE name = ANY(@names);",
            r => (Name: r.GetString(0), Count: r.GetInt64(1)),
            cancellationToken,
            P("names", repositories.ToArray()));
        return rows.ToDictionary(r => r.Name, r => r.Count, StringComparer.Ordinal);
    }

    public Task<RegistryStatistics> GetStatisticsAsync(bool totals, ProjectMember? member, CancellationToken cancellationToken)
    {
        var (sql, parameters) = SystemSql.Statistics(totals, member);
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, Arguments(parameters));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new RegistryStatistics(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture) +
                    Convert.ToInt64(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<RepositorySearchHit>> SearchRepositoriesAsync(
        string keyword, ProjectVisibility visibility, int limit, CancellationToken cancellationToken)
    {
        var (sql, parameters) = SystemSql.SearchRepositories(keyword, visibility, limit);
        return await QueryAsync(
            sql,
            r => new RepositorySearchHit(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3) == 1, r.GetInt64(4), r.GetInt64(5)),
            cancellationToken,
            Arguments(parameters));
    }

    public async Task<IReadOnlyDictionary<string, string>> ListSettingsAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var rows = await QueryAsync(
            "SELECT key, value FROM settings WHERE left(key, length(@prefix)) = @prefix;",
            r => (Key: r.GetString(0), Value: r.GetString(1)),
            cancellationToken,
            P("prefix", prefix));
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    public Task PutSettingsAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0)
        {
            return Task.CompletedTask;
        }

        var ordered = settings.OrderBy(s => s.Key, StringComparer.Ordinal).ToArray();
        foreach (var (key, _) in ordered)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
        }

        return ExecuteAsync(
            """
            INSERT INTO settings (key, value) SELECT * FROM unnest(@keys, @values)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """,
            cancellationToken,
            P("keys", ordered.Select(s => s.Key).ToArray()),
            P("values", ordered.Select(s => s.Value).ToArray()));
    }

    private static NpgsqlParameter[] Arguments(IReadOnlyList<(string Name, object Value)> parameters) =>
        parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
}
