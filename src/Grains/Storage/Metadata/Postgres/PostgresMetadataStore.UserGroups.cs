using System.Globalization;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>User groups.</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<UserGroupRecord?> TryCreateUserGroupAsync(
        string groupName, UserGroupType groupType, string ldapGroupDn, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentNullException.ThrowIfNull(ldapGroupDn);
        var rows = await QueryAsync(
            $"""
            INSERT INTO user_groups (group_name, group_type, ldap_group_dn, creation_time, update_time)
            VALUES (@name, @type, @dn, @at, @at)
            ON CONFLICT DO NOTHING
            RETURNING {UserGroupRows.Columns};
            """,
            UserGroupRows.Read,
            cancellationToken,
            P("name", groupName),
            P("type", (int)groupType),
            P("dn", ldapGroupDn),
            P("at", ToUnixMs(at)));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<UserGroupRecord?> GetUserGroupAsync(long groupId, CancellationToken cancellationToken) =>
        FindGroupAsync("id = @id", cancellationToken, P("id", groupId));

    public Task<UserGroupRecord?> FindUserGroupByNameAsync(UserGroupType groupType, string groupName, CancellationToken cancellationToken) =>
        FindGroupAsync("group_type = @type AND group_name = @name", cancellationToken, P("type", (int)groupType), P("name", groupName));

    public Task<UserGroupRecord?> FindLdapGroupAsync(string ldapGroupDn, CancellationToken cancellationToken) =>
        FindGroupAsync("group_type = 1 AND ldap_group_dn = @dn", cancellationToken, P("dn", ldapGroupDn));

    public Task<ListPage<UserGroupRecord>> ListUserGroupsAsync(UserGroupQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder(" WHERE 1 = 1");
        if (!string.IsNullOrEmpty(query.NameContains))
        {
            where.Append(@" AND LOWER(group_name) LIKE @like ESCAPE '\'");
        }

        if (!string.IsNullOrEmpty(query.LdapGroupDn))
        {
            where.Append(" AND ldap_group_dn = @dn");
        }

        if (query.GroupType is not null)
        {
            where.Append(" AND group_type = @type");
        }

        var order = query.ShortestNameFirst ? "LENGTH(group_name), group_name, id" : "id";
        NpgsqlParameter[] Arguments()
        {
            // Only parameters the statement names: Npgsql binds by name and the server must infer every type.
            var parameters = new List<NpgsqlParameter> { P("limit", query.PageSize), P("offset", query.Offset) };
            if (!string.IsNullOrEmpty(query.NameContains))
            {
                parameters.Add(P("like", "%" + SqlListParts.EscapeLike(query.NameContains.ToLowerInvariant()) + "%"));
            }

            if (!string.IsNullOrEmpty(query.LdapGroupDn))
            {
                parameters.Add(P("dn", query.LdapGroupDn));
            }

            if (query.GroupType is { } groupType)
            {
                parameters.Add(P("type", (int)groupType));
            }

            return [.. parameters];
        }

        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, $"SELECT COUNT(*) FROM user_groups{where};", Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection, transaction, $"SELECT {UserGroupRows.Columns} FROM user_groups{where} ORDER BY {order} LIMIT @limit OFFSET @offset;", Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<UserGroupRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(UserGroupRows.Read(reader));
                }

                return new ListPage<UserGroupRecord>(items, total);
            },
            cancellationToken);
    }

    /// <remarks>The group row is locked first, so a concurrent rename of another group to the same name cannot slip between check and update unnoticed: the unique constraint has the last word.</remarks>
    public Task<UserGroupChange> TryRenameUserGroupAsync(long groupId, string groupName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var find = Command(connection, transaction, "SELECT group_type FROM user_groups WHERE id = @id FOR UPDATE;", P("id", groupId));
                if (await find.ExecuteScalarAsync(cancellationToken) is not int type)
                {
                    return UserGroupChange.NotFound;
                }

                await using var update = Command(
                    connection,
                    transaction,
                    """
                    UPDATE user_groups SET group_name = @name, update_time = @at
                    WHERE id = @id AND NOT EXISTS (SELECT 1 FROM user_groups WHERE group_type = @type AND group_name = @name AND id <> @id);
                    """,
                    P("name", groupName),
                    P("at", ToUnixMs(at)),
                    P("id", groupId),
                    P("type", type));
                return await update.ExecuteNonQueryAsync(cancellationToken) > 0 ? UserGroupChange.Changed : UserGroupChange.Duplicate;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<string>?> TryDeleteUserGroupAsync(long groupId, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<string>?>(
            async (connection, transaction) =>
            {
                var projects = new List<string>();
                await using (var command = Command(
                    connection,
                    transaction,
                    """
                    DELETE FROM project_members m USING projects p
                    WHERE m.entity_type = 'g' AND m.entity_id = @id AND p.project_id = m.project_id
                    RETURNING p.name;
                    """,
                    P("id", groupId)))
                {
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        projects.Add(reader.GetString(0));
                    }
                }

                var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM user_groups WHERE id = @id;", cancellationToken, P("id", groupId));
                return deleted > 0 ? projects : null;
            },
            cancellationToken);

    public async Task<IReadOnlyList<long>> FindUserGroupIdsAsync(IReadOnlyCollection<UserGroupRef> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            return [];
        }

        var conditions = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        foreach (var group in groups)
        {
            var suffix = parameters.Count.ToString(CultureInfo.InvariantCulture);
            conditions.Add(group.Type == UserGroupType.Ldap
                ? $"(group_type = 1 AND ldap_group_dn = @k{suffix})"
                : $"(group_type = @t{suffix} AND group_name = @k{suffix})");
            parameters.Add(P("k" + suffix, UserGroupKeys.Normalize(group)));
            parameters.Add(P("t" + suffix, (int)group.Type));
        }

        return await QueryAsync($"SELECT id FROM user_groups WHERE {string.Join(" OR ", conditions)} ORDER BY id;", r => r.GetInt64(0), cancellationToken, [.. parameters]);
    }

    private async Task<UserGroupRecord?> FindGroupAsync(string condition, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var rows = await QueryAsync($"SELECT {UserGroupRows.Columns} FROM user_groups WHERE {condition};", UserGroupRows.Read, cancellationToken, parameters);
        return rows.Count == 0 ? null : rows[0];
    }
}
