using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>users</c> row with its password hash, as a login check needs it.</summary>
internal static class UserRows
{
    public static UserRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetInstant(4));
}
