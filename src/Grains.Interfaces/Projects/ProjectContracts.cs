namespace ArtifactKeeper.Projects;

/// <summary>A project as the project grain reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectInfo(
    long ProjectId,
    string Name,
    bool Public,
    string OwnerName,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>A request to create a project. Metadata keys are Harbor's (public, auto_scan, ...).</summary>
[GenerateSerializer, Immutable]
public sealed record CreateProjectRequest(string OwnerName, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Outcome of a project creation.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateProjectResult(ArtifactKeeper.Registry.RegistryError Error, string? Message, ProjectInfo? Project)
{
    public bool Succeeded => Error == ArtifactKeeper.Registry.RegistryError.None;
}
