using System.Data.Common;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>cve_allowlists</c> row selected as <see cref="Columns"/>.</summary>
internal static class CveAllowlistRows
{
    public const string Columns = "id, scope, expires_at, items, version, creation_time, update_time";

    public static CveAllowlist Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInstantOrNull(2),
            CveAllowlistJson.Deserialize(reader.GetString(3)),
            reader.GetInt64(4),
            reader.GetInstant(5),
            reader.GetInstant(6));
}
