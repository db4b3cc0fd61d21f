namespace ArtifactKeeper.Projects;

/// <summary>
/// A project as the project grain reports it. <see cref="RegistryId"/> is the registry endpoint a proxy-cache project
/// pulls through (Harbor's <c>registry_id</c>), null for an ordinary project.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProjectInfo(
    long ProjectId,
    string Name,
    bool Public,
    string OwnerName,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime,
    IReadOnlyDictionary<string, string> Metadata,
    long? RegistryId = null)
{
    public bool IsProxyCache => RegistryId is not null;
}

/// <summary>
/// A request to create a project. Metadata keys are Harbor's (public, auto_scan, ...); <see cref="StorageLimit"/> is
/// the hard limit of the project's storage quota in bytes (-1: unlimited). <see cref="RegistryId"/> makes it a proxy-cache
/// project of that registry endpoint (the caller checked that the endpoint exists).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CreateProjectRequest(
    string OwnerName, IReadOnlyDictionary<string, string> Metadata, long StorageLimit = StorageLimits.Unlimited, long? RegistryId = null);

/// <summary>
/// A metadata change: <see cref="Set"/> adds or replaces keys, <see cref="Remove"/> deletes keys; every
/// other key keeps its value. With <see cref="OnlyNew"/> a key in <see cref="Set"/> that already
/// exists is a conflict (Harbor's POST metadatas); a missing key in <see cref="Remove"/> is ignored.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProjectMetadataUpdate(
    IReadOnlyDictionary<string, string> Set,
    IReadOnlyList<string> Remove,
    bool OnlyNew = false);

/// <summary>Outcome of a project command (create, update, delete); Project is the state afterwards.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectResult(ArtifactKeeper.Registry.RegistryError Error, string? Message, ProjectInfo? Project)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}
