using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Allowlist;

/// <summary>
/// Replaces one allowlist in the store for its owning grain: validates the change, stamps new entries and writes
/// against the version the owner holds. When another writer (a bulk change) got there first, it reads the stored list
/// again and retries, since a replacement does not depend on what it replaces (only the stamps of unchanged entries do).
/// </summary>
public sealed class CveAllowlistWriter(ICveAllowlistMetadata store, TimeProvider clock)
{
    private const int Attempts = 3;

    public async Task<(CveAllowlistResult Result, CveAllowlist? Stored)> ReplaceAsync(
        long scope, CveAllowlist held, CveAllowlistChange change, bool requireJustification)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(change);
        if (!CveAllowlistRules.TryNormalize(change.Items, requireJustification, out var entries, out var error))
        {
            return (Fail(RegistryError.BadRequest, error!), null);
        }

        var current = held;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var at = clock.GetUtcNow();
            var items = CveAllowlistRules.Stamp(current.Items, entries, change.Actor, at);
            var saved = await store.TrySaveCveAllowlistsAsync([new CveAllowlistWrite(scope, current.Version, change.ExpiresAt, items)], at, CancellationToken.None);
            switch (saved.Outcome)
            {
                case CveAllowlistSaveOutcome.Saved:
                    return (new CveAllowlistResult(RegistryError.None, null, saved.Lists), saved.Lists[0]);
                case CveAllowlistSaveOutcome.ProjectNotFound:
                    return (Fail(RegistryError.ProjectNotFound, "project not found"), null);
                default:
                    current = await store.GetCveAllowlistAsync(scope, CancellationToken.None) ?? current with { Version = 0 };
                    break;
            }
        }

        return (Fail(RegistryError.Conflict, "the allowlist kept changing while it was written; try again"), null);
    }

    private static CveAllowlistResult Fail(RegistryError error, string message) => new(error, message, []);
}
