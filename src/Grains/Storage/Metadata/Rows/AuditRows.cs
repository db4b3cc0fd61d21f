using System.Data.Common;
using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads an <c>audit_log</c> row selected as <see cref="Queries.AuditLogSql.Columns"/>.</summary>
internal static class AuditRows
{
    public static AuditLogEntry Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            new AuditEvent(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetInstant(6),
                reader.GetInt64OrNull(7),
                reader.GetStringOrNull(8)));
}
