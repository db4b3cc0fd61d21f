using System.Data.Common;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a user's account as Harbor's user API shows it (a <c>users</c> row without its password hash).</summary>
internal static class UserAccountRows
{
    public static UserAccount Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetStringOrNull(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetBoolean(5),
            reader.GetInstant(6),
            reader.GetInstant(7));
}
