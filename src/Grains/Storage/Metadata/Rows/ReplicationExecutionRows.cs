using System.Data.Common;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>
/// Reads replication execution and task rows. The execution's five task counts (columns 14-18) are computed
/// differently by each store, so only the task column list is shared.
/// </summary>
internal static class ReplicationExecutionRows
{
    public const string TaskColumns = """
        id, execution_id, target_key, operation, resource_type, src_repository, digest, tags, dst_repository,
        status, attempts, due_at, bytes_sent, creation_time, start_time, end_time
        """;

    public static ReplicationExecutionRecord ReadExecution(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetString(2),
            new ReplicationRoute(reader.GetInt64OrNull(3), reader.GetInt64OrNull(4), reader.GetBoolean(5), reader.GetInt32(6), reader.GetBoolean(7)),
            reader.GetString(8),
            reader.GetString(9),
            reader.GetBoolean(10),
            reader.GetStringOrNull(11),
            new ReplicationTaskCounts(reader.GetInt32(14), reader.GetInt32(15), reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18)),
            reader.GetInstant(12),
            reader.GetInstantOrNull(13));

    /// <summary>A row of <see cref="TaskColumns"/>.</summary>
    public static ReplicationTaskRecord ReadTask(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            new ReplicationItem(
                ReplicationTaskText.ParseOperation(reader.GetString(3)), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                ReplicationTaskText.ParseTags(reader.GetString(7)), reader.GetString(8)),
            reader.GetString(9),
            reader.GetInt32(10),
            reader.GetInstant(11),
            reader.GetInt64(12),
            reader.GetInstant(13),
            reader.GetInstantOrNull(14),
            reader.GetInstantOrNull(15));
}
