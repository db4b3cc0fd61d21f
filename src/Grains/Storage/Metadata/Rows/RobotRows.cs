using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>robots</c> row; its permissions are JSON (<see cref="RobotPermissionsJson"/>).</summary>
internal static class RobotRows
{
    public static RobotRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetInt64(5),
            reader.GetInt64(6), reader.GetBoolean(7), reader.GetString(8), reader.GetInt64(9), reader.GetInstant(10),
            reader.GetInstant(11), RobotPermissionsJson.Read(reader.GetString(12)));
}
