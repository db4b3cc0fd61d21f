using ArtifactKeeper.Hosting;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ArtifactKeeper.Scanning.Allowlist;

/// <summary>
/// Adds entries to several projects' allowlists at once. Every list is read from the store with its version, merged
/// (<see cref="CveAllowlistRules.Merge"/>), and all are written in one transaction that names those versions; if any
/// list changed meanwhile nothing is written and the whole change is tried again. Afterwards each project grain is told
/// to reload, since the lists are cached there.
/// </summary>
[StatelessWorker]
[GrainType("cve-allowlist-bulk")]
public sealed class CveAllowlistBulkGrain(
    ICveAllowlistMetadata store, IOptions<VulnerabilityPolicyOptions> options, TimeProvider clock, ILogger<CveAllowlistBulkGrain> logger)
    : Grain, ICveAllowlistBulkGrain
{
    private const int Attempts = 3;

    public async Task<CveAllowlistResult> TryAddAsync(CveAllowlistBulkAdd request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = request.Projects.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0 || request.Items.Count == 0)
        {
            return Fail(RegistryError.BadRequest, "name at least one project and at least one item");
        }

        if (!CveAllowlistRules.TryNormalize(request.Items, options.Value.RequireJustification, out var additions, out var error))
        {
            return Fail(RegistryError.BadRequest, error!);
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var writes = new List<CveAllowlistWrite>(names.Count);
            var at = clock.GetUtcNow();
            foreach (var name in names)
            {
                var project = await GrainFactory.GetGrain<IProjectGrain>(name).GetAsync();
                if (project is null)
                {
                    return Fail(RegistryError.ProjectNotFound, $"project {name} not found");
                }

                var current = await store.GetCveAllowlistAsync(project.ProjectId, CancellationToken.None)
                    ?? CveAllowlist.Empty(project.ProjectId, project.CreationTime);
                var merged = CveAllowlistRules.Merge(current.Items, additions);
                if (!CveAllowlistRules.TryNormalize(merged, requireJustification: false, out _, out error))
                {
                    return Fail(RegistryError.BadRequest, $"project {name}: {error}");
                }

                writes.Add(new CveAllowlistWrite(project.ProjectId, current.Version, current.ExpiresAt, CveAllowlistRules.Stamp(current.Items, merged, request.Actor, at)));
            }

            var saved = await store.TrySaveCveAllowlistsAsync(writes, at, CancellationToken.None);
            if (saved.Outcome == CveAllowlistSaveOutcome.Saved)
            {
                await Task.WhenAll(names.Select(name => GrainFactory.GetGrain<IProjectCveAllowlistGrain>(name).ReloadCveAllowlistAsync()));
                logger.LogInformation("{Actor} added {Count} CVE allowlist entries to {Projects} projects", request.Actor, additions.Count, names.Count);
                return new CveAllowlistResult(RegistryError.None, null, saved.Lists);
            }

            if (saved.Outcome == CveAllowlistSaveOutcome.ProjectNotFound)
            {
                return Fail(RegistryError.ProjectNotFound, $"project {saved.FailedScope} not found");
            }
        }

        return Fail(RegistryError.Conflict, "the allowlists kept changing while they were written; try again");
    }

    private static CveAllowlistResult Fail(RegistryError error, string message) => new(error, message, []);
}
