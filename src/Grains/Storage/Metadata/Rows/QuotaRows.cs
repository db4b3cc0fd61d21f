using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a quota row selected as <see cref="QuotaListSql.Columns"/>.</summary>
internal static class QuotaRows
{
    public static QuotaRecord Read(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5),
            reader.GetInstant(6), reader.GetInstant(7));
}
