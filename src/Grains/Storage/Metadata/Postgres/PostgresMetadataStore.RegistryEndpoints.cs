using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Registry endpoints (migration 20).</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly RegistryEndpointListSql RegistryEndpointList = new('@');
    private static readonly string RegistryEndpointReturning = RegistryEndpointListSql.Columns.Replace("e.", string.Empty, StringComparison.Ordinal);

    public async Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {RegistryEndpointListSql.Columns} FROM registry_endpoints e WHERE e.id = @id;", RegistryEndpointRows.Read, cancellationToken, P("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<RegistryEndpointRecord?> FindRegistryEndpointAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await QueryAsync(
            $"SELECT {RegistryEndpointListSql.Columns} FROM registry_endpoints e WHERE e.name = @name;", RegistryEndpointRows.Read, cancellationToken, P("name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<ListPage<RegistryEndpoint>> ListRegistryEndpointsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = RegistryEndpointList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<RegistryEndpoint>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(RegistryEndpointRows.Read(reader).Endpoint);
                }

                return new ListPage<RegistryEndpoint>(items, total);
            },
            cancellationToken);
    }

    public async Task<RegistryEndpointSave> TryCreateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var rows = await QueryAsync(
            $"""
            INSERT INTO registry_endpoints (name, type, url, description, insecure, credential_type, access_key, access_secret, status, creation_time, update_time)
            VALUES (@name, @type, @url, @description, @insecure, @credentialType, @accessKey, @secret, @status, @created, @updated)
            ON CONFLICT (name) DO NOTHING
            RETURNING {RegistryEndpointReturning};
            """,
            RegistryEndpointRows.Read,
            cancellationToken,
            RegistryEndpointParameters(endpoint));
        return rows.Count == 0
            ? new RegistryEndpointSave(RegistryEndpointChange.Duplicate, null)
            : new RegistryEndpointSave(RegistryEndpointChange.Changed, rows[0].Endpoint);
    }

    /// <remarks>A rename onto a taken name is refused by the unique index, which also covers a concurrent rename.</remarks>
    public async Task<RegistryEndpointSave> TryUpdateRegistryEndpointAsync(RegistryEndpointRecord endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            var rows = await QueryAsync(
                $"""
                UPDATE registry_endpoints SET name = @name, type = @type, url = @url, description = @description, insecure = @insecure,
                    credential_type = @credentialType, access_key = @accessKey, access_secret = @secret, status = @status, update_time = @updated
                WHERE id = @id
                RETURNING {RegistryEndpointReturning};
                """,
                RegistryEndpointRows.Read,
                cancellationToken,
                [.. RegistryEndpointParameters(endpoint), P("id", endpoint.Endpoint.Id)]);
            return rows.Count == 0
                ? new RegistryEndpointSave(RegistryEndpointChange.NotFound, null)
                : new RegistryEndpointSave(RegistryEndpointChange.Changed, rows[0].Endpoint);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return new RegistryEndpointSave(RegistryEndpointChange.Duplicate, null);
        }
    }

    public async Task<bool> DeleteRegistryEndpointAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM registry_endpoints WHERE id = @id;", cancellationToken, P("id", id)) > 0;

    public async Task<bool> SetRegistryEndpointStatusAsync(long id, string status, DateTimeOffset pingedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        return await ExecuteAsync(
            "UPDATE registry_endpoints SET status = @status, last_ping_time = @at WHERE id = @id;",
            cancellationToken,
            P("id", id),
            P("status", status),
            P("at", ToUnixMs(pingedAt))) > 0;
    }

    private static NpgsqlParameter[] RegistryEndpointParameters(RegistryEndpointRecord record)
    {
        var e = record.Endpoint;
        return
        [
            P("name", e.Name), P("type", e.Type), P("url", e.Url), P("description", e.Description), P("insecure", e.Insecure),
            P("credentialType", e.CredentialType), P("accessKey", e.AccessKey), P("secret", record.SealedSecret), P("status", e.Status),
            P("created", ToUnixMs(e.CreationTime)), P("updated", ToUnixMs(e.UpdateTime)),
        ];
    }
}
