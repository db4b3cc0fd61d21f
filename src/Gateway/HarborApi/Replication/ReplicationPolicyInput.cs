using System.Globalization;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// A policy request body turned into a <see cref="ReplicationPolicy"/> and checked, as Harbor's handler does:
/// an absent <c>dest_namespace_replace_count</c> is -1 (Harbor's legacy mode), a negative <c>speed</c> is 0 (unlimited),
/// an absent trigger is manual, a registry id of 0 means this registry.
/// </summary>
public static class ReplicationPolicyInput
{
    public static bool TryRead(
        ReplicationPolicyReq body, long id, string creator, DateTimeOffset creationTime, DateTimeOffset now, out ReplicationPolicy? policy, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        policy = null;
        var filters = new List<ReplicationFilter>();
        foreach (var element in body.Filters ?? [])
        {
            if (!ReplicationPolicyJson.TryReadFilter(element, out var filter, out error))
            {
                return false;
            }

            filters.Add(filter!);
        }

        var trigger = body.Trigger is null
            ? ReplicationTrigger.Manual
            : new ReplicationTrigger(body.Trigger.Type ?? string.Empty, body.Trigger.TriggerSettings?.Cron is { Length: > 0 } cron ? cron.Trim() : null);
        policy = new ReplicationPolicy(
            id,
            body.Name?.Trim() ?? string.Empty,
            body.Description ?? string.Empty,
            creator,
            body.SrcRegistry?.Id is > 0 and var source ? source : null,
            body.DestRegistry?.Id is > 0 and var destination ? destination : null,
            body.DestNamespace?.Trim() ?? string.Empty,
            body.DestNamespaceReplaceCount ?? -1,
            filters,
            trigger,
            body.ReplicateDeletion == true || body.Deletion == true,
            body.Override ?? false,
            body.Enabled ?? false,
            Math.Max(0, body.Speed ?? 0),
            body.CopyByChunk ?? false,
            body.SingleActiveReplication ?? false,
            creationTime,
            now);
        if (body.SrcRegistry?.Id is < 0 || body.DestRegistry?.Id is < 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"registry ids are positive (or 0 for this registry)");
            policy = null;
            return false;
        }

        error = ReplicationPolicyValidator.Check(policy);
        if (error is not null)
        {
            policy = null;
            return false;
        }

        return true;
    }

    public static ReplicationPolicyModel ToModel(ReplicationPolicy policy, ReplicationRegistryModel source, ReplicationRegistryModel destination)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ReplicationPolicyModel(
            policy.Id,
            policy.Name,
            policy.Description,
            policy.Creator,
            source,
            destination,
            policy.DestNamespace,
            policy.DestNamespaceReplaceCount,
            new ReplicationTriggerModel(policy.Trigger.Type, new ReplicationTriggerSettingsModel(policy.Trigger.Cron ?? string.Empty)),
            policy.Filters.Select(f => new ReplicationFilterModel(f.Type, f.Labels is { } labels ? labels : f.Value, f.Decoration.Length > 0 ? f.Decoration : null)).ToList(),
            policy.ReplicateDeletion,
            policy.ReplicateDeletion,
            policy.Override,
            policy.Enabled,
            policy.Speed,
            policy.CopyByChunk,
            policy.SingleActiveReplication,
            policy.CreationTime.UtcDateTime,
            policy.UpdateTime.UtcDateTime);
    }

    /// <summary>Harbor's stand-in for its own side of a policy: registry 0, "Local".</summary>
    public static ReplicationRegistryModel Local(string url) =>
        new(0, "Local", RegistryEndpointTypes.Harbor, url, string.Empty, false, "healthy", DateTime.UnixEpoch, DateTime.UnixEpoch);

    public static ReplicationRegistryModel Remote(RegistryEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new ReplicationRegistryModel(
            endpoint.Id, endpoint.Name, endpoint.Type, endpoint.Url, endpoint.Description, endpoint.Insecure, endpoint.Status,
            endpoint.CreationTime.UtcDateTime, endpoint.UpdateTime.UtcDateTime);
    }

    /// <summary>A registry a stored policy names that is gone (it cannot be deleted while in use, but a store may have been edited).</summary>
    public static ReplicationRegistryModel Missing(long id) =>
        new(id, string.Empty, string.Empty, string.Empty, string.Empty, false, "unknown", DateTime.UnixEpoch, DateTime.UnixEpoch);
}
