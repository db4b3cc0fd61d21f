namespace ArtifactKeeper.Access;

/// <summary>
/// One permission in Harbor's RBAC vocabulary: an action on a resource (<c>repository</c>/<c>pull</c>,
/// <c>member</c>/<c>create</c>, ...). Role matrices, robot grants and <c>/users/current/permissions</c> all
/// speak it, so the strings are Harbor's exactly.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct Permission(string Resource, string Action)
{
    /// <summary>Whether this permission, possibly holding the <c>*</c> wildcard, covers <paramref name="wanted"/>.</summary>
    public bool Covers(Permission wanted) =>
        (Resource == RbacResources.All || string.Equals(Resource, wanted.Resource, StringComparison.Ordinal))
        && (Action == RbacActions.All || string.Equals(Action, wanted.Action, StringComparison.Ordinal));

    public override string ToString() => $"{Resource}:{Action}";
}

/// <summary>Harbor's RBAC action names.</summary>
public static class RbacActions
{
    public const string All = "*";
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Create = "create";
    public const string Read = "read";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string List = "list";
    public const string Operate = "operate";
    public const string ScannerPull = "scanner-pull";
    public const string Stop = "stop";
}

/// <summary>Harbor's RBAC resource names (project-level and system-level).</summary>
public static class RbacResources
{
    public const string All = "*";
    public const string Configuration = "configuration";
    public const string HelmChart = "helm-chart";
    public const string HelmChartVersion = "helm-chart-version";
    public const string HelmChartVersionLabel = "helm-chart-version-label";
    public const string Label = "label";
    public const string Log = "log";
    public const string LdapUser = "ldap-user";
    public const string Member = "member";
    public const string Metadata = "metadata";
    public const string Quota = "quota";
    public const string Repository = "repository";
    public const string TagRetention = "tag-retention";
    public const string ImmutableTag = "immutable-tag";
    public const string Robot = "robot";
    public const string NotificationPolicy = "notification-policy";
    public const string Scan = "scan";
    public const string Scanner = "scanner";
    public const string Artifact = "artifact";
    public const string Tag = "tag";
    public const string Accessory = "accessory";
    public const string ArtifactAddition = "artifact-addition";
    public const string ArtifactLabel = "artifact-label";
    public const string PreheatPolicy = "preheat-policy";
    public const string PreheatInstance = "preheat-instance";
    public const string Sbom = "sbom";
    public const string AuditLog = "audit-log";
    public const string Catalog = "catalog";
    public const string Project = "project";
    public const string User = "user";
    public const string UserGroup = "user-group";
    public const string Registry = "registry";
    public const string Replication = "replication";
    public const string Distribution = "distribution";
    public const string GarbageCollection = "garbage-collection";
    public const string ReplicationAdapter = "replication-adapter";
    public const string ReplicationPolicy = "replication-policy";
    public const string ScanAll = "scan-all";
    public const string SystemVolumes = "system-volumes";
    public const string PurgeAuditLog = "purge-audit";
    public const string ExportCve = "export-cve";
    public const string JobServiceMonitor = "jobservice-monitor";
    public const string SecurityHub = "security-hub";
}
