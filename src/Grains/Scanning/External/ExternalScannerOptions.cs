namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// How this registry drives external scanners (<c>ArtifactKeeper:Scanning</c>). <see cref="RegistryUrl"/> is this
/// registry as an adapter or a Trivy run should reach it; when unset the gateway's own listen address is used (a
/// silo without a gateway then cannot hand out a registry URL and external scans fall back to the built-in scanner).
/// </summary>
public sealed class ExternalScannerOptions : ArtifactKeeper.Hosting.ISelfValidatingOptions
{
    public const string Section = "ArtifactKeeper:Scanning";

    public string? RegistryUrl { get; set; }

    /// <summary>The longest an external scan may take, from the request to the report (polling included).</summary>
    public TimeSpan MaxScanTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Caps an adapter's <c>Refresh-After</c>, so a wrong header cannot park a scan.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One HTTP call to an adapter (metadata, scan request, one poll).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the robot handed to an external scanner lives; it is deleted as soon as the scan ends.</summary>
    public TimeSpan ScanRobotLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public string? Validate()
    {
        if (RegistryUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return $"{Section}:RegistryUrl must be an absolute http(s) URL";
        }

        if (MaxScanTime <= TimeSpan.Zero || MaxPollInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            return $"{Section}: MaxScanTime, MaxPollInterval and RequestTimeout must be positive";
        }

        return ScanRobotLifetime < TimeSpan.FromMinutes(1) ? $"{Section}:ScanRobotLifetime must be at least a minute" : null;
    }
}
