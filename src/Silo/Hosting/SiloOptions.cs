using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ArtifactKeeper.Hosting;

/// <summary>Silo endpoints (<c>ArtifactKeeper:Silo</c>).</summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string Section = "ArtifactKeeper:Silo";

    /// <summary>Silo-to-silo port; 0 picks a free loopback port (embedded mode talks to no other silo).</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>Port for external Orleans clients (gateways in cluster mode); 0 disables it.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// Cluster mode: the IP address other silos and gateways reach this silo at (on Kubernetes, the pod
    /// IP). Unset: Orleans picks this host's first non-loopback address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Where the standalone silo (<c>src/Silo</c>) serves <c>/health/live</c> and <c>/health/ready</c>,
    /// in <c>--urls</c> syntax; the default takes a free loopback port.
    /// </summary>
    public string HealthUrls { get; set; } = "http://127.0.0.1:0";

    public IPAddress? ParsedAdvertisedAddress =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? null : IPAddress.Parse(AdvertisedAddress);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult(
                $"{Section}:AdvertisedAddress must be an IP address (got '{AdvertisedAddress}').", [nameof(AdvertisedAddress)]);
        }

        if (string.IsNullOrWhiteSpace(HealthUrls))
        {
            yield return new ValidationResult($"{Section}:HealthUrls must name at least one URL.", [nameof(HealthUrls)]);
        }
    }
}
