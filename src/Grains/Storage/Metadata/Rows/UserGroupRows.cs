using System.Data.Common;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>user_groups</c> row selected as <see cref="Columns"/>.</summary>
internal static class UserGroupRows
{
    public const string Columns = "id, group_name, group_type, ldap_group_dn";

    public static UserGroupRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), (UserGroupType)reader.GetInt32(2), reader.GetString(3));
}
