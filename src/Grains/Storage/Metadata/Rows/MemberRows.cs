using System.Data.Common;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>project_members</c> row selected as <see cref="Columns"/>.</summary>
internal static class MemberRows
{
    public const string Columns = "m.id, m.project_id, m.entity_type, m.entity_id, m.role";

    public static ProjectMemberRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), MemberEntityTypes.Parse(reader.GetString(2)), reader.GetInt64(3), (ProjectRole)reader.GetInt32(4));
}
