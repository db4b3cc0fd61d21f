using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>CVE allowlists (system and per project).</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<CveAllowlist?> GetCveAllowlistAsync(long scope, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {CveAllowlistRows.Columns} FROM cve_allowlists WHERE scope = @scope;", CveAllowlistRows.Read, cancellationToken, P("scope", scope));
        return rows.Count == 0 ? null : rows[0];
    }

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
            // Thrown before the commit: the transaction was disposed uncommitted, so no list of this save changed.
            return new CveAllowlistSave(refused.Outcome, [], refused.Scope);
        }
    }

    private static async Task<CveAllowlist> SaveCveAllowlistAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CveAllowlistWrite write, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var expires = P<long?>("expires", write.ExpiresAt is { } value ? ToUnixMs(value) : null);
        var items = P("items", CveAllowlistJson.Serialize(write.Items));
        var command = write.ExpectedVersion == 0
            ? Command(
                connection,
                transaction,
                $"""
                INSERT INTO cve_allowlists (scope, project_id, expires_at, items, version, creation_time, update_time)
                SELECT @scope, NULLIF(@scope, 0), @expires, @items, 1, @at, @at
                WHERE @scope = 0 OR EXISTS (SELECT 1 FROM projects WHERE project_id = @scope)
                ON CONFLICT (scope) DO NOTHING
                RETURNING {CveAllowlistRows.Columns};
                """,
                P("scope", write.Scope), expires, items, P("at", ToUnixMs(at)))
            : Command(
                connection,
                transaction,
                $"""
                UPDATE cve_allowlists SET expires_at = @expires, items = @items, version = version + 1, update_time = @at
                WHERE scope = @scope AND version = @expected
                RETURNING {CveAllowlistRows.Columns};
                """,
                P("scope", write.Scope), P("expected", write.ExpectedVersion), expires, items, P("at", ToUnixMs(at)));
        await using (command)
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
            await using var find = Command(connection, transaction, "SELECT COUNT(*) FROM projects WHERE project_id = @scope;", P("scope", write.Scope));
            projectExists = (long)(await find.ExecuteScalarAsync(cancellationToken))! > 0;
        }

        throw new CveAllowlistNotSavedException(projectExists ? CveAllowlistSaveOutcome.VersionConflict : CveAllowlistSaveOutcome.ProjectNotFound, write.Scope);
    }
}
