using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Auth;

/// <summary>
/// A source of project permissions beyond roles, e.g. a robot account's own grants. Every registered source is
/// asked by <see cref="ProjectPermissionResolver"/> and what they return joins the caller's permissions.
/// </summary>
public interface ICallerPermissionSource
{
    /// <summary>What <paramref name="caller"/> holds in <paramref name="project"/> from this source; empty when it does not apply.</summary>
    ValueTask<IReadOnlyCollection<Permission>> GrantsAsync(RegistryCaller caller, ProjectInfo project, CancellationToken cancellationToken);
}
