using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Allowlist;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Projects;

/// <summary>
/// The project's CVE allowlist: loaded on first use and cached here, written through before a change is acknowledged.
/// A bulk change across projects writes the store directly (all or nothing) and then asks this grain to reload.
/// </summary>
public sealed partial class ProjectGrain : IProjectCveAllowlistGrain
{
    private CveAllowlist? _cveAllowlist;

    private ICveAllowlistMetadata CveAllowlistStore => ServiceProvider.GetRequiredService<ICveAllowlistMetadata>();

    private bool RequireJustification =>
        ServiceProvider.GetService<IOptions<VulnerabilityPolicyOptions>>()?.Value.RequireJustification ?? false;

    public async Task<CveAllowlist?> GetCveAllowlistAsync() => _project is null ? null : await CveAllowlistAsync();

    public async Task<CveAllowlistResult> TrySetCveAllowlistAsync(CveAllowlistChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_project is null)
        {
            return new CveAllowlistResult(RegistryError.ProjectNotFound, $"project {Name} not found", []);
        }

        var (result, stored) = await new CveAllowlistWriter(CveAllowlistStore, clock)
            .ReplaceAsync(_project.ProjectId, await CveAllowlistAsync(), change, RequireJustification);
        _cveAllowlist = stored;
        if (stored is not null)
        {
            logger.LogInformation("CVE allowlist of project {Project} set to {Count} entries (version {Version}) by {Actor}", Name, stored.Items.Count, stored.Version, change.Actor);
        }

        return result.Error == RegistryError.ProjectNotFound ? result with { Message = $"project {Name} not found" } : result;
    }

    public Task ReloadCveAllowlistAsync()
    {
        _cveAllowlist = null;
        return Task.CompletedTask;
    }

    private async Task<CveAllowlist> CveAllowlistAsync()
    {
        var project = _project!;
        if (_cveAllowlist is null || _cveAllowlist.ProjectId != project.ProjectId)
        {
            _cveAllowlist = await CveAllowlistStore.GetCveAllowlistAsync(project.ProjectId, CancellationToken.None)
                ?? CveAllowlist.Empty(project.ProjectId, project.CreationTime);
        }

        return _cveAllowlist;
    }
}
