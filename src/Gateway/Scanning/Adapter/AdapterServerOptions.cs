namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// The built-in scanner served through Harbor's adapter API (<c>ArtifactKeeper:Scanning:AdapterServer</c>). Off by
/// default: the server pulls from whatever registry a request names, so it is opt-in. When <see cref="ApiKey"/> is
/// set, every call must carry it (<c>Authorization: Bearer &lt;key&gt;</c> or Harbor's
/// <c>X-ScannerAdapter-API-Key</c>); without one the adapter is open to anyone who can reach it (a warning is logged).
/// Scan jobs live in memory: at most <see cref="MaxJobs"/>, a finished one kept for <see cref="JobRetention"/>.
/// </summary>
public sealed class AdapterServerOptions : ArtifactKeeper.Hosting.ISelfValidatingOptions
{
    public const string Section = "ArtifactKeeper:Scanning:AdapterServer";

    public bool Enabled { get; set; }

    public string? ApiKey { get; set; }

    public int MaxJobs { get; set; } = 1000;

    public TimeSpan JobRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Scans run at once; the others wait their turn (their report polls answer 302).</summary>
    public int MaxConcurrentScans { get; set; } = 2;

    /// <summary>The <c>Refresh-After</c> (whole seconds) sent with a 302 while a scan runs.</summary>
    public int RefreshAfterSeconds { get; set; } = 5;

    public string? Validate() =>
        MaxJobs < 1 ? $"{Section}:MaxJobs must be at least 1"
        : MaxConcurrentScans < 1 ? $"{Section}:MaxConcurrentScans must be at least 1"
        : RefreshAfterSeconds < 1 ? $"{Section}:RefreshAfterSeconds must be at least 1"
        : JobRetention <= TimeSpan.Zero ? $"{Section}:JobRetention must be positive"
        : null;
}
