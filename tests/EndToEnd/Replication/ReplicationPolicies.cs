using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>Harbor's replication policy JSON (ReplicationPolicy in the swagger), built the way Harbor's UI sends it.</summary>
public static class ReplicationPolicies
{
    /// <summary>A push-based policy: local source, <paramref name="destinationRegistryId"/> as destination.</summary>
    public static JsonObject Push(
        string name,
        long destinationRegistryId,
        IEnumerable<JsonObject> filters,
        string trigger = ReplicationTriggers.Manual,
        string destinationNamespace = "",
        int destinationNamespaceReplaceCount = -1,
        bool replicateDeletion = false) =>
        Policy(name, sourceRegistryId: null, destinationRegistryId, filters, Trigger(trigger, cron: null),
            destinationNamespace, destinationNamespaceReplaceCount, replicateDeletion);

    /// <summary>A pull-based policy: <paramref name="sourceRegistryId"/> as source, this registry as destination.</summary>
    public static JsonObject Pull(
        string name,
        long sourceRegistryId,
        IEnumerable<JsonObject> filters,
        JsonObject trigger,
        string destinationNamespace,
        int destinationNamespaceReplaceCount) =>
        Policy(name, sourceRegistryId, destinationRegistryId: null, filters, trigger,
            destinationNamespace, destinationNamespaceReplaceCount, replicateDeletion: false);

    /// <summary>{type, trigger_settings: {cron}}; Harbor's cron has a seconds field first.</summary>
    public static JsonObject Trigger(string type, string? cron) => new()
    {
        ["type"] = type,
        ["trigger_settings"] = new JsonObject { ["cron"] = cron ?? string.Empty },
    };

    /// <summary>The <c>name</c> filter: a doublestar pattern on the full repository path, project included.</summary>
    public static JsonObject NameFilter(string pattern) => new() { ["type"] = "name", ["value"] = pattern };

    /// <summary>The <c>tag</c> filter with decoration <c>matches</c> or <c>excludes</c>.</summary>
    public static JsonObject TagFilter(string pattern, string decoration = "matches") =>
        new() { ["type"] = "tag", ["value"] = pattern, ["decoration"] = decoration };

    private static JsonObject Policy(
        string name,
        long? sourceRegistryId,
        long? destinationRegistryId,
        IEnumerable<JsonObject> filters,
        JsonObject trigger,
        string destinationNamespace,
        int destinationNamespaceReplaceCount,
        bool replicateDeletion)
    {
        var policy = new JsonObject
        {
            ["name"] = name,
            ["description"] = "end-to-end test policy",
            ["dest_namespace"] = destinationNamespace,
            ["dest_namespace_replace_count"] = destinationNamespaceReplaceCount,
            ["trigger"] = trigger,
            ["filters"] = new JsonArray([.. filters]),
            ["replicate_deletion"] = replicateDeletion,
            ["override"] = true,
            ["enabled"] = true,
            ["speed"] = -1,
            ["copy_by_chunk"] = false,
        };

        // Harbor's UI sends only the remote side; the missing one is this registry.
        if (sourceRegistryId is not null)
        {
            policy["src_registry"] = new JsonObject { ["id"] = sourceRegistryId.Value };
        }

        if (destinationRegistryId is not null)
        {
            policy["dest_registry"] = new JsonObject { ["id"] = destinationRegistryId.Value };
        }

        return policy;
    }
}
