using System.Globalization;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// Harbor's checks of a replication policy, each answered with the reason it fails (null when it passes):
/// a name; exactly one remote side (push-based: a destination registry, pull-based: a source registry); filters of a
/// known type with a value of the right shape (a string for name, tag and resource, a list of names for label), a
/// decoration only on tag and label filters, valid doublestar patterns; a destination namespace that is a repository
/// path; a replace count an int8 holds; a known trigger, and for a scheduled one a six-field cron whose seconds field
/// is 0 and whose minutes field is not <c>*</c>; <c>single_active_replication</c> not with the event trigger.
/// </summary>
public static class ReplicationPolicyValidator
{
    public static string? Check(ReplicationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(policy.Name))
        {
            return "empty name";
        }

        if ((policy.SourceRegistryId is > 0) == (policy.DestinationRegistryId is > 0))
        {
            return "either src_registry or dest_registry should be empty and the other one shouldn't be empty";
        }

        foreach (var filter in policy.Filters)
        {
            if (CheckFilter(filter) is { } invalid)
            {
                return invalid;
            }
        }

        if (policy.DestNamespace.Length > 0 && !OciGrammar.IsValidRepositoryName(policy.DestNamespace))
        {
            return $"invalid destination namespace: {policy.DestNamespace}";
        }

        if (policy.DestNamespaceReplaceCount is < sbyte.MinValue or > sbyte.MaxValue)
        {
            return string.Create(CultureInfo.InvariantCulture, $"dest_namespace_replace_count {policy.DestNamespaceReplaceCount} is out of range ({sbyte.MinValue} to {sbyte.MaxValue})");
        }

        if (CheckTrigger(policy.Trigger) is { } badTrigger)
        {
            return badTrigger;
        }

        return policy.SingleActiveReplication && policy.Trigger.Type == ReplicationTriggers.EventBased
            ? "single active replication is not allowed for event_based triggers"
            : null;
    }

    public static string? CheckFilter(ReplicationFilter filter)
    {
        if (filter is null)
        {
            return "a filter is missing";
        }

        switch (filter.Type)
        {
            case ReplicationFilterTypes.Name or ReplicationFilterTypes.Tag or ReplicationFilterTypes.Resource:
                if (filter.Value is null || filter.Labels is not null)
                {
                    return "the type of filter value isn't string";
                }

                if (filter.Type == ReplicationFilterTypes.Resource && filter.Value is not (ReplicationFilterTypes.Image or ReplicationFilterTypes.Artifact))
                {
                    return $"invalid resource filter: {filter.Value}";
                }

                if (filter.Type != ReplicationFilterTypes.Tag && filter.Decoration.Length > 0)
                {
                    return "only tag and label filter support decoration";
                }

                if (filter.Type != ReplicationFilterTypes.Resource && filter.Value.Length > 0 &&
                    !DoublestarPattern.TryParse(filter.Value, out _, out var patternError))
                {
                    return $"invalid {filter.Type} filter pattern '{filter.Value}': {patternError}";
                }

                break;
            case ReplicationFilterTypes.Label:
                if (filter.Labels is null || filter.Value is not null)
                {
                    return "the type of label filter value isn't string slice";
                }

                break;
            default:
                return "invalid filter type";
        }

        return filter.Decoration is "" or ReplicationFilterTypes.Matches or ReplicationFilterTypes.Excludes
            ? null
            : $"invalid filter decoration, :{filter.Decoration}";
    }

    public static string? CheckTrigger(ReplicationTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        switch (trigger.Type)
        {
            case ReplicationTriggers.Manual or ReplicationTriggers.EventBased:
                return null;
            case ReplicationTriggers.Scheduled:
                if (string.IsNullOrWhiteSpace(trigger.Cron))
                {
                    return $"the cron string cannot be empty when the trigger type is {ReplicationTriggers.Scheduled}";
                }

                if (!HarborSchedule.TryCreate(HarborSchedule.Custom, trigger.Cron, out _, out _))
                {
                    return $"invalid cron string for scheduled trigger: {trigger.Cron}";
                }

                var fields = trigger.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[0] != "0")
                {
                    return "the 1st field (indicating Seconds of time) of the cron setting must be 0";
                }

                return fields[1] == "*" ? "* is not allowed for the Minutes field of the cron setting of replication policy" : null;
            default:
                return "invalid trigger type";
        }
    }
}
