using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>projects</c> row selected as <see cref="Columns"/>; its metadata is a JSON string map.</summary>
internal static class ProjectRows
{
    public const string Columns = "project_id, name, owner_name, metadata, creation_time, update_time";

    public static ProjectRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetStringMap(3), reader.GetInstant(4), reader.GetInstant(5));
}
