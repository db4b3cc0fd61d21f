using System.Data.Common;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a content-trust policy selected as <c>document, version, update_time</c>.</summary>
internal static class ContentTrustRows
{
    public static ContentTrustRecord Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetInstant(2));
}
