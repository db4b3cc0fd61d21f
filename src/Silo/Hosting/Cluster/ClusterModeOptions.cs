using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>
/// Identity of the Orleans cluster in cluster mode (<c>ArtifactKeeper:Cluster</c>). Silos and gateways
/// that share a database find each other only when both values match.
/// </summary>
public sealed class ClusterModeOptions
{
    public const string Section = "ArtifactKeeper:Cluster";

    /// <summary>Names one deployment; rows in the membership table are kept per cluster id.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "ClusterId must be 1-100 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "artifactkeeper";

    /// <summary>Names the service across deployments; reminders and grain state are kept per service id.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "ServiceId must be 1-100 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "artifactkeeper";

    /// <summary>
    /// How long a gateway waits for a grain call. A call in flight to a silo that dies is answered
    /// only by this timeout, so it bounds the stall a silo failure causes (the gateway then answers 503
    /// and the client retries). Grain calls carry metadata only, never blob bytes, so they are short.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
