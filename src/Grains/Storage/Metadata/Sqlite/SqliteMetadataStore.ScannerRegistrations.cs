using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Scanner registrations and project scanner bindings (migration 18).</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<IReadOnlyList<ScannerRegistrationRecord>> ListScannerRegistrationsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ScannerRegistrationRecord>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT {ScannerRegistrationRows.Columns} FROM scanner_registrations ORDER BY immutable DESC, create_time, uuid;");
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<ScannerRegistrationRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(ScannerRegistrationRows.Read(reader));
                }

                return items;
            },
            cancellationToken);

    public Task<ScannerRegistrationRecord?> GetScannerRegistrationAsync(string uuid, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) => await FindScannerAsync(connection, transaction, uuid, cancellationToken),
            cancellationToken);

    public Task<ScannerRegistrationChange> TryCreateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var inserted = await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO scanner_registrations ({ScannerRegistrationRows.Columns})
                    VALUES ($uuid, $name, $description, $url, $disabled, 0, $auth, $credential, $skip, $internal, 0, $created, $updated)
                    ON CONFLICT DO NOTHING;
                    """,
                    cancellationToken,
                    ScannerParameters(registration));
                return inserted > 0 ? ScannerRegistrationChange.Changed : ScannerRegistrationChange.Duplicate;
            },
            cancellationToken);
    }

    public Task<ScannerRegistrationChange> TryUpdateScannerRegistrationAsync(ScannerRegistrationRecord registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await FindScannerAsync(connection, transaction, registration.Uuid, cancellationToken);
                if (existing is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                if (existing.Immutable)
                {
                    return ScannerRegistrationChange.Immutable;
                }

                await using (var clash = Command(
                    connection,
                    transaction,
                    "SELECT 1 FROM scanner_registrations WHERE uuid <> $uuid AND (name = $name OR url = $url);",
                    ("$uuid", registration.Uuid), ("$name", registration.Name), ("$url", registration.Url)))
                {
                    if (await clash.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        return ScannerRegistrationChange.Duplicate;
                    }
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE scanner_registrations SET name = $name, description = $description, url = $url, disabled = $disabled, auth = $auth,
                        access_credential = $credential, skip_cert_verify = $skip, use_internal_addr = $internal, update_time = $updated
                    WHERE uuid = $uuid;
                    """,
                    cancellationToken,
                    ScannerParameters(registration));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);
    }

    public Task<ScannerRegistrationChange> TryDeleteScannerRegistrationAsync(string uuid, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await FindScannerAsync(connection, transaction, uuid, cancellationToken);
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

                await ExecuteAsync(connection, transaction, "DELETE FROM scanner_registrations WHERE uuid = $uuid;", cancellationToken, ("$uuid", uuid));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    public Task<ScannerRegistrationChange> SetDefaultScannerRegistrationAsync(string uuid, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await FindScannerAsync(connection, transaction, uuid, cancellationToken) is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE scanner_registrations SET is_default = 0, update_time = $at WHERE is_default = 1 AND uuid <> $uuid;",
                    cancellationToken, ("$uuid", uuid), ("$at", ToUnixMs(at)));
                await ExecuteAsync(
                    connection, transaction, "UPDATE scanner_registrations SET is_default = 1, update_time = $at WHERE uuid = $uuid AND is_default = 0;",
                    cancellationToken, ("$uuid", uuid), ("$at", ToUnixMs(at)));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    public Task<string?> GetProjectScannerAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT scanner_uuid FROM project_scanners WHERE project_id = $project;", ("$project", projectId));
                return await command.ExecuteScalarAsync(cancellationToken) as string;
            },
            cancellationToken);

    public Task<ScannerRegistrationChange> SetProjectScannerAsync(long projectId, string uuid, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await FindScannerAsync(connection, transaction, uuid, cancellationToken) is null)
                {
                    return ScannerRegistrationChange.NotFound;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO project_scanners (project_id, scanner_uuid) VALUES ($project, $uuid)
                    ON CONFLICT (project_id) DO UPDATE SET scanner_uuid = excluded.scanner_uuid;
                    """,
                    cancellationToken,
                    ("$project", projectId),
                    ("$uuid", uuid));
                return ScannerRegistrationChange.Changed;
            },
            cancellationToken);

    private static async Task<ScannerRegistrationRecord?> FindScannerAsync(
        SqliteConnection connection, SqliteTransaction transaction, string uuid, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {ScannerRegistrationRows.Columns} FROM scanner_registrations WHERE uuid = $uuid;", ("$uuid", uuid));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ScannerRegistrationRows.Read(reader) : null;
    }

    private static (string, object?)[] ScannerParameters(ScannerRegistrationRecord r) =>
    [
        ("$uuid", r.Uuid), ("$name", r.Name), ("$description", r.Description), ("$url", r.Url), ("$disabled", r.Disabled),
        ("$auth", r.Auth), ("$credential", r.AccessCredential), ("$skip", r.SkipCertVerify), ("$internal", r.UseInternalAddr),
        ("$created", ToUnixMs(r.CreateTime)), ("$updated", ToUnixMs(r.UpdateTime)),
    ];
}
