using System.Text.Json;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>How a task's operation and tags are stored: Harbor's operation words, the tags as a JSON array.</summary>
internal static class ReplicationTaskText
{
    public const string Copy = "copy";
    public const string Delete = "deletion";

    public static string Operation(ReplicationOperation operation) => operation == ReplicationOperation.Delete ? Delete : Copy;

    public static ReplicationOperation ParseOperation(string value) => value == Delete ? ReplicationOperation.Delete : ReplicationOperation.Copy;

    public static string Tags(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    public static IReadOnlyList<string> ParseTags(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
