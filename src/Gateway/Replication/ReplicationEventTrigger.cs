using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.Gateway;

/// <summary>
/// Event-based replication's hook in the gateway: after a manifest push, or a manifest, tag or artifact delete, it
/// hands the event to every enabled event-based push policy whose name filters match the repository (their
/// <see cref="IReplicationPolicyGrain"/> judges the rest). It never slows or fails the client's request: the hand-over
/// runs in the background and its failures are logged. The policy list is cached for <see cref="CacheTime"/>, so a
/// registry without such policies pays one store read per interval, not per push. A delete needs what it removes
/// (the digest a tag named, the tags a manifest had) read before it happens: <see cref="CaptureDeletionAsync"/>, which
/// reads nothing when no policy could care.
/// </summary>
public sealed class ReplicationEventTrigger(
    IReplicationPolicyMetadata policies, IArtifactMetadata artifacts, IGrainFactory grains, TimeProvider clock, ILogger<ReplicationEventTrigger> logger)
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    private volatile CachedPolicies? _cache;

    /// <summary>A manifest was pushed to <paramref name="repository"/>, with <paramref name="tag"/> when pushed by tag.</summary>
    public void ManifestPushed(string repository, string digest, string? tag) =>
        Dispatch(new ReplicationArtifactEvent(ReplicationEventKind.Pushed, repository, digest, tag is null ? [] : [tag]));

    /// <summary>A tag was deleted; the artifact it named stays.</summary>
    public void TagDeleted(string repository, string digest, string tag) =>
        Dispatch(new ReplicationArtifactEvent(ReplicationEventKind.TagDeleted, repository, digest, [tag]));

    /// <summary>
    /// Before deleting <paramref name="reference"/> (a digest: the manifest and its tags; a tag: that tag) in
    /// <paramref name="repository"/>: the event to hand to <see cref="Deleted"/> once the delete succeeded, or null when
    /// no policy could replicate it (or the reference is unknown). Never throws.
    /// </summary>
    public async Task<ReplicationArtifactEvent?> CaptureDeletionAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        try
        {
            if ((await PoliciesAsync(cancellationToken)).All(p => !p.Filters.MatchesRepository(repository)))
            {
                return null;
            }

            if (!OciGrammar.LooksLikeDigest(reference))
            {
                var tagged = await artifacts.FindArtifactAsync(repository, reference, isDigest: false, cancellationToken);
                return tagged is null ? null : new ReplicationArtifactEvent(ReplicationEventKind.TagDeleted, repository, tagged.Digest, [reference]);
            }

            var tags = await artifacts.ListTagsOfAsync(repository, [reference], cancellationToken);
            return new ReplicationArtifactEvent(ReplicationEventKind.ArtifactDeleted, repository, reference, [.. tags.Select(t => t.Name)]);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(e, "Replication could not note the deletion of {Repository}:{Reference}", repository, reference);
            return null;
        }
    }

    /// <summary>The delete <paramref name="captured"/> described succeeded.</summary>
    public void Deleted(ReplicationArtifactEvent? captured)
    {
        if (captured is not null)
        {
            Dispatch(captured);
        }
    }

    private void Dispatch(ReplicationArtifactEvent artifactEvent) => _ = Task.Run(() => DispatchAsync(artifactEvent));

    private async Task DispatchAsync(ReplicationArtifactEvent artifactEvent)
    {
        try
        {
            foreach (var candidate in await PoliciesAsync(CancellationToken.None))
            {
                if (!candidate.Filters.MatchesRepository(artifactEvent.Repository))
                {
                    continue;
                }

                var grain = grains.GetGrain<IReplicationPolicyGrain>(candidate.Policy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var started = await grain.OnArtifactEventAsync(artifactEvent);
                if (started.Outcome == ReplicationStartOutcome.Started)
                {
                    logger.LogDebug(
                        "{Kind} of {Repository}@{Digest} started replication execution {ExecutionId} of policy {PolicyId}",
                        artifactEvent.Kind, artifactEvent.Repository, artifactEvent.Digest, started.ExecutionId, candidate.Policy.Id);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Event-based replication of {Kind} of {Repository}@{Digest} failed", artifactEvent.Kind, artifactEvent.Repository, artifactEvent.Digest);
        }
    }

    private async Task<IReadOnlyList<EventPolicy>> PoliciesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache is { } cached && now - cached.LoadedAt < CacheTime)
        {
            return cached.Policies;
        }

        var loaded = new List<EventPolicy>();
        foreach (var policy in await policies.ListEventBasedReplicationPoliciesAsync(cancellationToken))
        {
            // A policy whose filters do not compile cannot select anything; its grain would say the same.
            if (ReplicationFilterSet.TryCompile(policy.Filters, out var filters, out _))
            {
                loaded.Add(new EventPolicy(policy, filters!));
            }
        }

        _cache = new CachedPolicies(now, loaded);
        return loaded;
    }

    private sealed record EventPolicy(ReplicationPolicy Policy, ReplicationFilterSet Filters);

    private sealed record CachedPolicies(DateTimeOffset LoadedAt, IReadOnlyList<EventPolicy> Policies);
}
