using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>Settings of proxy-cache projects (section <c>ProxyCache</c>).</summary>
public sealed class ProxyCacheOptions
{
    public const string Section = "ArtifactKeeper:ProxyCache";

    /// <summary>
    /// How long upstream's word that a tag names the cached manifest holds before the next pull asks again with HEAD.
    /// Zero (the default) is Harbor's behaviour: every pull by tag asks upstream; pulls by digest never do.
    /// </summary>
    public TimeSpan ManifestTtl { get; set; } = TimeSpan.Zero;

    /// <summary>How long one gateway's fetch lease lasts unless renewed; a dead gateway's fetch is taken over after it.</summary>
    public TimeSpan FetchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one upstream call may take before the cached copy (if any) is served instead.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far (bytes) past what a cold blob's download has brought in a client's range may start before it is asked of
    /// upstream on its own (passed through while the download goes on for the cache) instead of waiting for the download.
    /// </summary>
    public long ColdRangeThreshold { get; set; } = 4 * 1024 * 1024;
}

/// <summary>Fails start-up on settings that would make the cache misbehave, naming the key.</summary>
public sealed class ProxyCacheOptionsValidator : IValidateOptions<ProxyCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ManifestTtl < TimeSpan.Zero)
        {
            failures.Add($"{ProxyCacheOptions.Section}:ManifestTtl must not be negative");
        }

        if (options.FetchLease < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{ProxyCacheOptions.Section}:FetchLease must be at least one second");
        }

        if (options.UpstreamTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ProxyCacheOptions.Section}:UpstreamTimeout must be positive");
        }

        if (options.ColdRangeThreshold < 0)
        {
            failures.Add($"{ProxyCacheOptions.Section}:ColdRangeThreshold must not be negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
