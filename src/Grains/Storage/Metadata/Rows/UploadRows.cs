using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads an <c>uploads</c> row selected as <see cref="Columns"/>.</summary>
internal static class UploadRows
{
    public const string Columns = "id, repository, \"offset\", started_at, updated_at";

    public static UploadRecord Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInstant(3), reader.GetInstant(4));
}
