namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Single flight for one upstream object of a proxy cache, keyed by registry endpoint and digest (a blob) or upstream
/// reference (a manifest): it leases the fetch to one gateway request, lets the others wait for it, and remembers
/// what upstream last said a manifest reference names (for the TTL) with the bytes, so waiters need not ask again.
/// State is in memory: losing it costs one upstream request, never a wrong answer.
/// </summary>
[Alias("replication.proxy-fetch")]
public interface IProxyFetchGrain : IGrainWithStringKey
{
    /// <summary>Grants the fetch to <paramref name="holder"/> for <paramref name="lease"/>, unless another holder's lease is live.</summary>
    [Alias("try-acquire")]
    Task<bool> TryAcquireAsync(string holder, TimeSpan lease);

    /// <summary>Extends the holder's lease; false when it lost it (expired and taken).</summary>
    [Alias("renew")]
    Task<bool> RenewAsync(string holder, TimeSpan lease);

    /// <summary>Ends the holder's fetch; waiters wake and look at local storage (or this grain's manifest) again.</summary>
    [Alias("release")]
    Task ReleaseAsync(string holder);

    /// <summary>
    /// Returns when no live lease is held (released or expired), or after <paramref name="maxWait"/> at most (true when
    /// free). Callers loop; a bounded wait keeps each call within the grain call timeout.
    /// </summary>
    [Alias("wait")]
    Task<bool> WaitAsync(TimeSpan maxWait);

    /// <summary>What upstream last answered for this manifest reference, or null.</summary>
    [Alias("get-confirmation")]
    Task<UpstreamConfirmation?> GetConfirmationAsync();

    /// <summary>Records upstream's answer (digest, and the manifest bytes when they were fetched).</summary>
    [Alias("confirm")]
    Task ConfirmAsync(UpstreamConfirmation confirmation);

    /// <summary>
    /// The holder's word on how far its download got (bytes arrived of the blob's length); ignored from anyone else.
    /// Waiters use it to tell whether the range they want is near (wait) or far ahead (ask upstream for it alone).
    /// </summary>
    [Alias("report-progress")]
    Task ReportProgressAsync(string holder, ProxyFetchProgress progress);

    /// <summary>The live lease's last reported progress; null when nobody holds the fetch or its holder said nothing yet.</summary>
    [Alias("get-progress")]
    Task<ProxyFetchProgress?> GetProgressAsync();
}

/// <summary>How far a blob download got: <see cref="Arrived"/> bytes of <see cref="Length"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.proxy-fetch-progress")]
public sealed record ProxyFetchProgress([property: Id(0)] long Arrived, [property: Id(1)] long Length);

/// <summary>
/// Upstream said, at <see cref="At"/>, that a reference names <see cref="Digest"/>; <see cref="Manifest"/> holds the
/// bytes when they were fetched (not for a HEAD).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("replication.upstream-confirmation")]
public sealed record UpstreamConfirmation(
    [property: Id(0)] string Digest,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] ProxiedManifest? Manifest);

/// <summary>A manifest as upstream served it: exact bytes, media type, digest.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.proxied-manifest")]
public sealed record ProxiedManifest(
    [property: Id(0)] string Digest,
    [property: Id(1)] string MediaType,
    [property: Id(2)] byte[] Content);
