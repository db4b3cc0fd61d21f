using System.Data.Common;
using System.Text.Json;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>
/// How both stores write the values that are not plain columns: instants as Unix milliseconds (BIGINT) and
/// string maps as JSON text. Booleans need nothing here: SQLite's reader answers <c>GetBoolean</c> on its 0/1
/// INTEGER columns as PostgreSQL's does on BOOLEAN ones, so one mapper reads both.
/// </summary>
internal static class RowValues
{
    public static DateTimeOffset GetInstant(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetInstantOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInstant(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static Dictionary<string, string> GetStringMap(this DbDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(ordinal)) ?? [];

    public static Dictionary<string, string>? GetStringMapOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetStringMap(ordinal);
}
