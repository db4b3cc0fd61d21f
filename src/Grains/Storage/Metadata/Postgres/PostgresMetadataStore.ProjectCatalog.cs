using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Project updates, deletes and the project listing.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly ProjectListSql ProjectList = new('@', "(p.metadata ->> 'public')");

    public async Task<ProjectRecord?> UpdateProjectMetadataAsync(
        string name, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metadata);
        var rows = await QueryAsync(
            $"UPDATE projects SET metadata = @metadata, update_time = @at WHERE name = @name RETURNING {ProjectRows.Columns};",
            ProjectRows.Read,
            cancellationToken,
            P("name", name),
            Json("metadata", metadata),
            P("at", ToUnixMs(at)));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>The project row is locked first, so two deletes serialize and the repository count is read after the lock.</remarks>
    public Task<ProjectDeleteOutcome> TryDeleteProjectAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var lockRow = Command(connection, transaction, "SELECT 1 FROM projects WHERE name = @name FOR UPDATE;", P("name", name));
                if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return ProjectDeleteOutcome.NotFound;
                }

                await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM repositories WHERE project = @name;", P("name", name));
                if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    return ProjectDeleteOutcome.HasRepositories;
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM projects WHERE name = @name;", cancellationToken, P("name", name));
                return ProjectDeleteOutcome.Deleted;
            },
            cancellationToken);
    }

    public Task<ListPage<ProjectListing>> ListProjectsAsync(ProjectListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = ProjectList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<ProjectListing>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(new ProjectListing(ProjectRows.Read(reader), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8)));
                }

                return new ListPage<ProjectListing>(items, total);
            },
            cancellationToken);
    }

    public async Task<string?> FindProjectNameAsync(long projectId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT name FROM projects WHERE project_id = @id;", r => r.GetString(0), cancellationToken, P("id", projectId));
        return rows.Count == 0 ? null : rows[0];
    }
}
