using System.Data.Common;
using System.Globalization;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>User groups.</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<UserGroupRecord?> TryCreateUserGroupAsync(
        string groupName, UserGroupType groupType, string ldapGroupDn, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentNullException.ThrowIfNull(ldapGroupDn);
        return WriteAsync<UserGroupRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO user_groups (group_name, group_type, ldap_group_dn, creation_time, update_time)
                    VALUES ($name, $type, $dn, $at, $at)
                    ON CONFLICT DO NOTHING
                    RETURNING {UserGroupRows.Columns};
                    """,
                    ("$name", groupName),
                    ("$type", (int)groupType),
                    ("$dn", ldapGroupDn),
                    ("$at", ToUnixMs(at)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? UserGroupRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<UserGroupRecord?> GetUserGroupAsync(long groupId, CancellationToken cancellationToken) =>
        FindGroupAsync("id = $id", cancellationToken, ("$id", groupId));

    public Task<UserGroupRecord?> FindUserGroupByNameAsync(UserGroupType groupType, string groupName, CancellationToken cancellationToken) =>
        FindGroupAsync("group_type = $type AND group_name = $name", cancellationToken, ("$type", (int)groupType), ("$name", groupName));

    public Task<UserGroupRecord?> FindLdapGroupAsync(string ldapGroupDn, CancellationToken cancellationToken) =>
        FindGroupAsync("group_type = 1 AND ldap_group_dn = $dn", cancellationToken, ("$dn", ldapGroupDn));

    public Task<ListPage<UserGroupRecord>> ListUserGroupsAsync(UserGroupQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder(" WHERE 1 = 1");
        if (!string.IsNullOrEmpty(query.NameContains))
        {
            where.Append(@" AND LOWER(group_name) LIKE $like ESCAPE '\'");
        }

        if (!string.IsNullOrEmpty(query.LdapGroupDn))
        {
            where.Append(" AND ldap_group_dn = $dn");
        }

        if (query.GroupType is not null)
        {
            where.Append(" AND group_type = $type");
        }

        var order = query.ShortestNameFirst ? "LENGTH(group_name), group_name, id" : "id";
        (string, object?)[] arguments =
        [
            ("$like", "%" + SqlListParts.EscapeLike((query.NameContains ?? string.Empty).ToLowerInvariant()) + "%"),
            ("$dn", query.LdapGroupDn),
            ("$type", (int?)query.GroupType),
            ("$limit", query.PageSize),
            ("$offset", query.Offset),
        ];
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, $"SELECT COUNT(*) FROM user_groups{where};", arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection, transaction, $"SELECT {UserGroupRows.Columns} FROM user_groups{where} ORDER BY {order} LIMIT $limit OFFSET $offset;", arguments);
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

    public Task<UserGroupChange> TryRenameUserGroupAsync(long groupId, string groupName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var find = Command(connection, transaction, "SELECT group_type FROM user_groups WHERE id = $id;", ("$id", groupId));
                if (await find.ExecuteScalarAsync(cancellationToken) is not long type)
                {
                    return UserGroupChange.NotFound;
                }

                await using var taken = Command(
                    connection,
                    transaction,
                    "SELECT COUNT(*) FROM user_groups WHERE group_type = $type AND group_name = $name AND id <> $id;",
                    ("$type", type),
                    ("$name", groupName),
                    ("$id", groupId));
                if ((long)(await taken.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    return UserGroupChange.Duplicate;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE user_groups SET group_name = $name, update_time = $at WHERE id = $id;",
                    cancellationToken,
                    ("$name", groupName),
                    ("$at", ToUnixMs(at)),
                    ("$id", groupId));
                return UserGroupChange.Changed;
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
                    "SELECT p.name FROM project_members m JOIN projects p ON p.project_id = m.project_id WHERE m.entity_type = 'g' AND m.entity_id = $id;",
                    ("$id", groupId)))
                {
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        projects.Add(reader.GetString(0));
                    }
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM project_members WHERE entity_type = 'g' AND entity_id = $id;", cancellationToken, ("$id", groupId));
                var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM user_groups WHERE id = $id;", cancellationToken, ("$id", groupId));
                return deleted > 0 ? projects : null;
            },
            cancellationToken);

    public Task<IReadOnlyList<long>> FindUserGroupIdsAsync(IReadOnlyCollection<UserGroupRef> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<long>>([]);
        }

        var conditions = new List<string>();
        var arguments = new List<(string, object?)>();
        foreach (var group in groups)
        {
            var key = "$k" + arguments.Count.ToString(CultureInfo.InvariantCulture);
            var type = "$t" + arguments.Count.ToString(CultureInfo.InvariantCulture);
            conditions.Add(group.Type == UserGroupType.Ldap
                ? $"(group_type = 1 AND ldap_group_dn = {key})"
                : $"(group_type = {type} AND group_name = {key})");
            arguments.Add((key, UserGroupKeys.Normalize(group)));
            arguments.Add((type, (int)group.Type));
        }

        return ReadAsync<IReadOnlyList<long>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT id FROM user_groups WHERE {string.Join(" OR ", conditions)} ORDER BY id;", [.. arguments]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var ids = new List<long>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }

                return ids;
            },
            cancellationToken);
    }

    private Task<UserGroupRecord?> FindGroupAsync(string condition, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync<UserGroupRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {UserGroupRows.Columns} FROM user_groups WHERE {condition};", parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? UserGroupRows.Read(reader) : null;
            },
            cancellationToken);
}
