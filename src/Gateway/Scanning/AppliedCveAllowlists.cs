using ArtifactKeeper.Projects;
using ArtifactKeeper.Scanning.Allowlist;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// The allowlist that applies to a project (<see cref="CveAllowlistRule.ReusesSystemList"/>): the system grain's, or
/// the project grain's own. Read by the pull gate and by the report views that mark acknowledged findings.
/// </summary>
public sealed class AppliedCveAllowlists(IGrainFactory grains)
{
    public async Task<CveAllowlist> GetAsync(ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return CveAllowlistRule.ReusesSystemList(project.Metadata)
            ? await grains.GetGrain<ISystemCveAllowlistGrain>(CveAllowlist.SystemScope).GetAsync()
            : await grains.GetGrain<IProjectCveAllowlistGrain>(project.Name).GetCveAllowlistAsync()
                ?? CveAllowlist.Empty(project.ProjectId, project.CreationTime);
    }
}
