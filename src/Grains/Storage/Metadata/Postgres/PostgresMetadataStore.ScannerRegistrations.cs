using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Scanner registrations and project scanner bindings (migration 18).</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<IReadOnlyList<ScannerRegistrationRecord>> ListScannerRegistrationsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {ScannerRegistrationRows.Columns} FROM scanner_registrations ORDER BY immutable DESC, create_time, uuid;", ScannerRegistrationRows.Read, cancellationToken);

    public async Task<ScannerRegistrationRecord?> GetScannerRegistrationAsync(string uuid, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {ScannerRegistrationRows.Columns} FROM scanner_registrations WHERE uuid = @uuid;", ScannerRegistrationRows.Read, cancellationToken, P("uuid", uuid));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<ScannerRegistrationChange> TryCreateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var inserted = await ExecuteAsync(
            $"""
            INSERT INTO scanner_registrations ({ScannerRegistrationRows.Columns})
            VALUES (@uuid, @name, @description, @url, @disabled, false, @auth, @credential, @skip, @internal, false, @created, @updated)
            ON CONFLICT DO NOTHING;
            """,
            cancellationToken,
            ScannerParameters(registration));
        return inserted > 0 ? ScannerRegistrationChange.Changed : ScannerRegistrationChange.Duplicate;
    }

    public async Task<ScannerRegistrationChange> TryUpdateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        try
        {
            return await WriteAsync(
                async (connection, transaction) =>
                {
                    var existing = await LockScannerAsync(connection, transaction, registration.Uuid, cancellationToken);
                    if (existing is null)
                    {
                        return ScannerRegistrationChange.NotFound;
                    }

                    if (existing.Immutable)
                    {
                        return ScannerRegistrationChange.Immutable;
                    }

                    await ExecuteAsync(
                        connection,
                        transaction,
                        """
                        UPDATE scanner_registrations SET name = @name, description = @description, url = @url, disabled = @disabled, auth = @auth,
                            access_credential = @credential, skip_cert_verify = @skip, use_internal_addr = @internal, update_time = @updated
                        WHERE uuid = @uuid;
                        """,
                        cancellationToken,
                        ScannerParameters(registration));
                    return ScannerRegistrationChange.Changed;
                },
                cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ScannerRegistrationChange.Duplicate;
        }
    }

    public Task<ScannerRegistrationChange> TryDeleteScannerRegistrationAsync(string uuid, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await LockScannerAsync(connection, transaction, uuid, cancellationToken);
                if (existing is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                if (existing.Immutable)
                {
                    return ScannerRegistrationChange.Immutable;
                }

                if (existing.IsDefault)
                {
                    return ScannerRegistrationChange.IsDefault;
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM scanner_registrations WHERE uuid = @uuid;", cancellationToken, P("uuid", uuid));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    /// <remarks>Locks every row first, so two concurrent switches serialize instead of tripping the unique default index.</remarks>
    public Task<ScannerRegistrationChange> SetDefaultScannerRegistrationAsync(string uuid, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using (var lockAll = Command(connection, transaction, "SELECT uuid FROM scanner_registrations ORDER BY uuid FOR UPDATE;"))
                {
                    await lockAll.ExecuteNonQueryAsync(cancellationToken);
                }

                if (await LockScannerAsync(connection, transaction, uuid, cancellationToken) is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE scanner_registrations SET is_default = false, update_time = @at WHERE is_default AND uuid <> @uuid;",
                    cancellationToken, P("uuid", uuid), P("at", ToUnixMs(at)));
                await ExecuteAsync(
                    connection, transaction, "UPDATE scanner_registrations SET is_default = true, update_time = @at WHERE uuid = @uuid AND NOT is_default;",
                    cancellationToken, P("uuid", uuid), P("at", ToUnixMs(at)));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    public async Task<string?> GetProjectScannerAsync(long projectId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT scanner_uuid FROM project_scanners WHERE project_id = @project;", r => r.GetString(0), cancellationToken, P("project", projectId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<ScannerRegistrationChange> SetProjectScannerAsync(long projectId, string uuid, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await LockScannerAsync(connection, transaction, uuid, cancellationToken) is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO project_scanners (project_id, scanner_uuid) VALUES (@project, @uuid)
                    ON CONFLICT (project_id) DO UPDATE SET scanner_uuid = excluded.scanner_uuid;
                    """,
                    cancellationToken,
                    P("project", projectId),
                    P("uuid", uuid));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    private static async Task<ScannerRegistrationRecord?> LockScannerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string uuid, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {ScannerRegistrationRows.Columns} FROM scanner_registrations WHERE uuid = @uuid FOR UPDATE;", P("uuid", uuid));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ScannerRegistrationRows.Read(reader) : null;
    }

    private static NpgsqlParameter[] ScannerParameters(ScannerRegistrationRecord r) =>
    [
        P("uuid", r.Uuid), P("name", r.Name), P("description", r.Description), P("url", r.Url), P("disabled", r.Disabled),
        P("auth", r.Auth), P("credential", r.AccessCredential), P("skip", r.SkipCertVerify), P("internal", r.UseInternalAddr),
        P("created", ToUnixMs(r.CreateTime)), P("updated", ToUnixMs(r.UpdateTime)),
    ];
}
