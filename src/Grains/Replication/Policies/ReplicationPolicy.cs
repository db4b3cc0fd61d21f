namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// A replication policy as Harbor models it. One side is this registry (a null registry id): push-based policies have
/// a null <see cref="SourceRegistryId"/>, pull-based ones a null <see cref="DestinationRegistryId"/>.
/// <see cref="Speed"/> is KiB/s per task, 0 for unlimited; <see cref="DestNamespaceReplaceCount"/> is -1 for Harbor's
/// legacy flattening (see <see cref="DestinationNaming"/>).
/// </summary>
public sealed record ReplicationPolicy(
    long Id,
    string Name,
    string Description,
    string Creator,
    long? SourceRegistryId,
    long? DestinationRegistryId,
    string DestNamespace,
    int DestNamespaceReplaceCount,
    IReadOnlyList<ReplicationFilter> Filters,
    ReplicationTrigger Trigger,
    bool ReplicateDeletion,
    bool Override,
    bool Enabled,
    int Speed,
    bool CopyByChunk,
    bool SingleActiveReplication,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime)
{
    /// <summary>True when the source is this registry (the destination is remote).</summary>
    public bool IsPushBased => SourceRegistryId is null;

    /// <summary>The remote side's registry id.</summary>
    public long RemoteRegistryId => SourceRegistryId ?? DestinationRegistryId ?? 0;

    /// <summary>Harbor's IsScheduledTrigger: only an enabled scheduled policy keeps a schedule.</summary>
    public bool KeepsSchedule => Enabled && Trigger.Type == ReplicationTriggers.Scheduled && !string.IsNullOrEmpty(Trigger.Cron);

    public ReplicationRoute Route => new(SourceRegistryId, DestinationRegistryId, Override, Speed, CopyByChunk);
}

/// <summary>
/// One of Harbor's policy filters: <see cref="ReplicationFilterTypes"/>. <see cref="Value"/> holds the pattern of a
/// name or tag filter and the resource type of a resource filter; <see cref="Labels"/> the names of a label filter.
/// <see cref="Decoration"/> is <c>matches</c>, <c>excludes</c> or empty (tag and label filters only).
/// </summary>
public sealed record ReplicationFilter(string Type, string? Value, IReadOnlyList<string>? Labels, string Decoration)
{
    public static ReplicationFilter Name(string pattern) => new(ReplicationFilterTypes.Name, pattern, null, string.Empty);

    public static ReplicationFilter Tag(string pattern, string decoration = "") => new(ReplicationFilterTypes.Tag, pattern, null, decoration);

    public static ReplicationFilter Label(IReadOnlyList<string> labels, string decoration = "") => new(ReplicationFilterTypes.Label, null, labels, decoration);

    public static ReplicationFilter Resource(string type) => new(ReplicationFilterTypes.Resource, type, null, string.Empty);
}

/// <summary>A policy's trigger: <see cref="ReplicationTriggers"/>, and Harbor's six-field cron when scheduled.</summary>
public sealed record ReplicationTrigger(string Type, string? Cron)
{
    public static ReplicationTrigger Manual { get; } = new(ReplicationTriggers.Manual, null);
}

/// <summary>Harbor's filter types, decorations and resource types.</summary>
public static class ReplicationFilterTypes
{
    public const string Name = "name";
    public const string Tag = "tag";
    public const string Label = "label";
    public const string Resource = "resource";

    public const string Matches = "matches";
    public const string Excludes = "excludes";

    public const string Image = "image";
    public const string Artifact = "artifact";
}
