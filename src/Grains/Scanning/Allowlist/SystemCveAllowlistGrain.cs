using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Allowlist;

/// <summary>
/// The one owner of the system CVE allowlist: loaded on activation, written through before a change is acknowledged,
/// so reads (the pull gate's, for every project that reuses the system list) are memory reads.
/// </summary>
[GrainType("system-cve-allowlist")]
public sealed class SystemCveAllowlistGrain(
    ICveAllowlistMetadata store, IOptions<VulnerabilityPolicyOptions> options, TimeProvider clock, ILogger<SystemCveAllowlistGrain> logger)
    : Grain, ISystemCveAllowlistGrain
{
    private CveAllowlist _list = CveAllowlist.Empty(CveAllowlist.SystemScope, DateTimeOffset.UnixEpoch);

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _list = await store.GetCveAllowlistAsync(CveAllowlist.SystemScope, cancellationToken) ?? _list;

    public Task<CveAllowlist> GetAsync() => Task.FromResult(_list);

    public async Task<CveAllowlistResult> TrySetAsync(CveAllowlistChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (result, stored) = await new CveAllowlistWriter(store, clock)
            .ReplaceAsync(CveAllowlist.SystemScope, _list, change, options.Value.RequireJustification);
        if (stored is not null)
        {
            _list = stored;
            logger.LogInformation("System CVE allowlist set to {Count} entries (version {Version}) by {Actor}", stored.Items.Count, stored.Version, change.Actor);
        }
        else if (result.Error != RegistryError.BadRequest)
        {
            _list = await store.GetCveAllowlistAsync(CveAllowlist.SystemScope, CancellationToken.None) ?? _list;
        }

        return result;
    }
}
