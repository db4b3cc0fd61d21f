using System.Data.Common;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Registry endpoints (migration 20).</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly RegistryEndpointListSql RegistryEndpointList = new('$');

    public Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) => await FindRegistryEndpointAsync(connection, transaction, "e.id = $key", id, cancellationToken),
            cancellationToken);

    public Task<RegistryEndpointRecord?> FindRegistryEndpointAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(
            async (connection, transaction) => await FindRegistryEndpointAsync(connection, transaction, "e.name = $key", name, cancellationToken),
            cancellationToken);
    }

    public Task<ListPage<RegistryEndpoint>> ListRegistryEndpointsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = RegistryEndpointList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<RegistryEndpoint>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(RegistryEndpointRows.Read(reader).Endpoint);
                }

                return new ListPage<RegistryEndpoint>(items, total);
            },
            cancellationToken);
    }

    /// <remarks>ON CONFLICT DO NOTHING turns a taken name into "no row returned" rather than a constraint error.</remarks>
    public Task<RegistryEndpointSave> TryCreateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO registry_endpoints (name, type, url, description, insecure, credential_type, access_key, access_secret, status,
                                                    creation_time, update_time)
                    VALUES ($name, $type, $url, $description, $insecure, $credentialType, $accessKey, $secret, $status, $created, $updated)
                    ON CONFLICT (name) DO NOTHING
                    RETURNING {RegistryEndpointReturning};
                    """,
                    RegistryEndpointParameters(endpoint));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken)
                    ? new RegistryEndpointSave(RegistryEndpointChange.Changed, RegistryEndpointRows.Read(reader).Endpoint)
                    : new RegistryEndpointSave(RegistryEndpointChange.Duplicate, null);
            },
            cancellationToken);
    }

    public Task<RegistryEndpointSave> TryUpdateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var exists = Command(connection, transaction, "SELECT 1 FROM registry_endpoints WHERE id = $id;", ("$id", endpoint.Endpoint.Id)))
                {
                    if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return new RegistryEndpointSave(RegistryEndpointChange.NotFound, null);
                    }
                }

                await using (var clash = Command(
                    connection, transaction, "SELECT 1 FROM registry_endpoints WHERE name = $name AND id <> $id;", ("$name", endpoint.Endpoint.Name), ("$id", endpoint.Endpoint.Id)))
                {
                    if (await clash.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        return new RegistryEndpointSave(RegistryEndpointChange.Duplicate, null);
                    }
                }

                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    UPDATE registry_endpoints SET name = $name, type = $type, url = $url, description = $description, insecure = $insecure,
                        credential_type = $credentialType, access_key = $accessKey, access_secret = $secret, status = $status, update_time = $updated
                    WHERE id = $id
                    RETURNING {RegistryEndpointReturning};
                    """,
                    [.. RegistryEndpointParameters(endpoint), ("$id", endpoint.Endpoint.Id)]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                return new RegistryEndpointSave(RegistryEndpointChange.Changed, RegistryEndpointRows.Read(reader).Endpoint);
            },
            cancellationToken);
    }

    public Task<bool> DeleteRegistryEndpointAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
                await ExecuteAsync(connection, transaction, "DELETE FROM registry_endpoints WHERE id = $id;", cancellationToken, ("$id", id)) > 0,
            cancellationToken);

    public Task<bool> SetRegistryEndpointStatusAsync(long id, string status, DateTimeOffset pingedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        return WriteAsync(
            async (connection, transaction) =>
                await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE registry_endpoints SET status = $status, last_ping_time = $at WHERE id = $id;",
                    cancellationToken,
                    ("$id", id),
                    ("$status", status),
                    ("$at", ToUnixMs(pingedAt))) > 0,
            cancellationToken);
    }

    private static string RegistryEndpointReturning => RegistryEndpointListSql.Columns.Replace("e.", string.Empty, StringComparison.Ordinal);

    private static async Task<RegistryEndpointRecord?> FindRegistryEndpointAsync(
        SqliteConnection connection, SqliteTransaction transaction, string condition, object key, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction, $"SELECT {RegistryEndpointListSql.Columns} FROM registry_endpoints e WHERE {condition};", ("$key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RegistryEndpointRows.Read(reader) : null;
    }

    private static (string, object?)[] RegistryEndpointParameters(RegistryEndpointRecord record)
    {
        var e = record.Endpoint;
        return
        [
            ("$name", e.Name), ("$type", e.Type), ("$url", e.Url), ("$description", e.Description), ("$insecure", e.Insecure ? 1 : 0),
            ("$credentialType", e.CredentialType), ("$accessKey", e.AccessKey), ("$secret", record.SealedSecret), ("$status", e.Status),
            ("$created", ToUnixMs(e.CreationTime)), ("$updated", ToUnixMs(e.UpdateTime)),
        ];
    }
}
