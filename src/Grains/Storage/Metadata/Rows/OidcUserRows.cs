using System.Data.Common;
using System.Text.Json;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads an <c>oidc_users</c> row; its groups are a JSON string array.</summary>
internal static class OidcUserRows
{
    public static OidcUserRecord Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(6)) ?? [], reader.GetInstant(7), reader.GetInstant(8));
}
