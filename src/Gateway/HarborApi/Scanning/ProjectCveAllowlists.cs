using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Scanning;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// The project's <c>cve_allowlist</c> in Harbor's project bodies: read and validated before the project changes (so bad
/// input changes nothing), applied through the project grain after, and shown on the project GET.
/// </summary>
public sealed class ProjectCveAllowlists(IGrainFactory grains, CveAllowlistAudit audit, IOptions<VulnerabilityPolicyOptions> options)
{
    /// <summary>The change a body asks for (null when it has no <c>cve_allowlist</c>), or the reason it is refused.</summary>
    public bool TryRead(CveAllowlistReq? body, RegistryCaller caller, out CveAllowlistChange? change, out string? error)
    {
        ArgumentNullException.ThrowIfNull(caller);
        change = null;
        error = null;
        return body is null || CveAllowlistInput.TryRead(body, caller.DisplayName, options.Value.RequireJustification, out change, out error);
    }

    /// <summary>Applies <paramref name="change"/>; the error response when the grain refused it, else null.</summary>
    public async Task<IResult?> ApplyAsync(RegistryCaller caller, string project, CveAllowlistChange? change)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (change is null)
        {
            return null;
        }

        var result = await grains.GetGrain<IProjectCveAllowlistGrain>(project).TrySetCveAllowlistAsync(change);
        if (!result.Succeeded)
        {
            return HarborErrorResult.From(result.Error, result.Message ?? "allowlist not changed");
        }

        audit.Changed(caller, project, result.Lists[0], "set");
        return null;
    }

    /// <summary>The project's list as Harbor's project GET shows it.</summary>
    public async Task<CveAllowlistModel?> ShowAsync(ProjectInfo project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var list = await grains.GetGrain<IProjectCveAllowlistGrain>(project.Name).GetCveAllowlistAsync();
        return list is null ? null : CveAllowlistModel.From(list);
    }
}
