using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Silo endpoints (<c>ArtifactKeeper:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "ArtifactKeeper:Silo";

    /// <summary>Silo-to-silo port; 0 picks a free loopback port (embedded mode talks to no other silo).</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>Port for external Orleans clients (gateways in cluster mode); 0 disables it.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }
}
