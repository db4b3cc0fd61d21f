using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>CVE allowlists (system and per project).</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<CveAllowlist?> GetCveAllowlistAsync(long scope, CancellationToken cancellationToken) =>
        ReadAsync<CveAllowlist?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT {CveAllowlistRows.Columns} FROM cve_allowlists WHERE scope = $scope;", ("$scope", scope));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? CveAllowlistRows.Read(reader) : null;
            },
            cancellationToken);

    public async Task<CveAllowlistSave> TrySaveCveAllowlistsAsync(IReadOnlyList<CveAllowlistWrite> writes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        try
        {
            var saved = await WriteAsync<IReadOnlyList<CveAllowlist>>(
                async (connection, transaction) =>
                {
                    var lists = new List<CveAllowlist>(writes.Count);
                    foreach (var write in writes)
                    {
                        lists.Add(await SaveCveAllowlistAsync(connection, transaction, write, at, cancellationToken));
                    }

                    return lists;
                },
                cancellationToken);
            return new CveAllowlistSave(CveAllowlistSaveOutcome.Saved, saved);
        }
        catch (CveAllowlistNotSavedException refused)
        {
            // Thrown inside the write, so its savepoint rolled every list of this save back.
            return new CveAllowlistSave(refused.Outcome, [], refused.Scope);
        }
    }

    private static async Task<CveAllowlist> SaveCveAllowlistAsync(
        SqliteConnection connection, SqliteTransaction transaction, CveAllowlistWrite write, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sql = write.ExpectedVersion == 0
            ? $"""
              INSERT INTO cve_allowlists (scope, project_id, expires_at, items, version, creation_time, update_time)
              SELECT $scope, NULLIF($scope, 0), $expires, $items, 1, $at, $at
              WHERE $scope = 0 OR EXISTS (SELECT 1 FROM projects WHERE project_id = $scope)
              ON CONFLICT (scope) DO NOTHING
              RETURNING {CveAllowlistRows.Columns};
              """
            : $"""
              UPDATE cve_allowlists SET expires_at = $expires, items = $items, version = version + 1, update_time = $at
              WHERE scope = $scope AND version = $expected
              RETURNING {CveAllowlistRows.Columns};
              """;
        await using (var command = Command(
            connection,
            transaction,
            sql,
            ("$scope", write.Scope),
            ("$expected", write.ExpectedVersion),
            ("$expires", write.ExpiresAt is { } expires ? ToUnixMs(expires) : null),
            ("$items", CveAllowlistJson.Serialize(write.Items)),
            ("$at", ToUnixMs(at))))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return CveAllowlistRows.Read(reader);
            }
        }

        var projectExists = write.Scope == CveAllowlist.SystemScope;
        if (!projectExists)
        {
            await using var find = Command(connection, transaction, "SELECT COUNT(*) FROM projects WHERE project_id = $scope;", ("$scope", write.Scope));
            projectExists = (long)(await find.ExecuteScalarAsync(cancellationToken))! > 0;
        }

        throw new CveAllowlistNotSavedException(projectExists ? CveAllowlistSaveOutcome.VersionConflict : CveAllowlistSaveOutcome.ProjectNotFound, write.Scope);
    }
}
