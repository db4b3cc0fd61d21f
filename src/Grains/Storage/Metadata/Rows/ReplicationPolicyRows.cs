using System.Data.Common;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>replication_policies</c> row; filters and trigger are JSON (<see cref="ReplicationPolicyJson"/>).</summary>
internal static class ReplicationPolicyRows
{
    public static ReplicationPolicy Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetInt64OrNull(4), reader.GetInt64OrNull(5),
            reader.GetString(6), reader.GetInt32(7), ReplicationPolicyJson.ReadFilters(reader.GetString(8)), ReplicationPolicyJson.ReadTrigger(reader.GetString(9)),
            reader.GetBoolean(10), reader.GetBoolean(11), reader.GetBoolean(12), reader.GetInt32(13), reader.GetBoolean(14), reader.GetBoolean(15),
            reader.GetInstant(16), reader.GetInstant(17));
}
