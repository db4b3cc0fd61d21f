using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Projects;

/// <summary>What a project member is: a user or a user group (Harbor's <c>entity_type</c> "u" / "g").</summary>
[GenerateSerializer]
public enum MemberEntityType
{
    User = 0,
    Group = 1,
}

/// <summary>One membership as the project grain keeps it: who (by id) has which role.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectMemberInfo(
    long MemberId,
    MemberEntityType EntityType,
    long EntityId,
    ProjectRole Role);

/// <summary>Outcome of a membership command; Member is the membership afterwards (null after a delete).</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectMemberResult(
    RegistryError Error,
    string? Message,
    ProjectMemberInfo? Member)
{
    public bool Succeeded => Error == RegistryError.None;
}
