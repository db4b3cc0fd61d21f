using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Project updates, deletes and the project listing.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly ProjectListSql ProjectList = new('$', "json_extract(p.metadata, '$.public')");

    public Task<ProjectRecord?> UpdateProjectMetadataAsync(
        string name, IReadOnlyDictionary<string, string> metadata, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metadata);
        return WriteAsync<ProjectRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"UPDATE projects SET metadata = $metadata, update_time = $at WHERE name = $name RETURNING {ProjectRows.Columns};",
                    ("$name", name),
                    ("$metadata", ToJson(metadata)),
                    ("$at", ToUnixMs(at)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ProjectRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<ProjectDeleteOutcome> TryDeleteProjectAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM repositories WHERE project = $name;", ("$name", name));
                if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    var exists = Command(connection, transaction, "SELECT COUNT(*) FROM projects WHERE name = $name;", ("$name", name));
                    await using (exists)
                    {
                        return (long)(await exists.ExecuteScalarAsync(cancellationToken))! > 0 ? ProjectDeleteOutcome.HasRepositories : ProjectDeleteOutcome.NotFound;
                    }
                }

                var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM projects WHERE name = $name;", cancellationToken, ("$name", name));
                return deleted > 0 ? ProjectDeleteOutcome.Deleted : ProjectDeleteOutcome.NotFound;
            },
            cancellationToken);
    }

    public Task<ListPage<ProjectListing>> ListProjectsAsync(ProjectListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = ProjectList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<ProjectListing>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(new ProjectListing(ProjectRows.Read(reader), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8)));
                }

                return new ListPage<ProjectListing>(items, total);
            },
            cancellationToken);
    }

    public Task<string?> FindProjectNameAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT name FROM projects WHERE project_id = $id;", ("$id", projectId));
                return (string?)await command.ExecuteScalarAsync(cancellationToken);
            },
            cancellationToken);
}
