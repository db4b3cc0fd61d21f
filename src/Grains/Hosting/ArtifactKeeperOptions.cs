using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Top-level settings under <c>ArtifactKeeper:</c>. Defaults are embedded mode, so <c>dotnet run</c> needs none.</summary>
public sealed class ArtifactKeeperOptions
{
    public const string Section = "ArtifactKeeper";

    /// <summary>Embedded (the default: one process) or Cluster (silos and gateways over PostgreSQL).</summary>
    public DeploymentMode Mode { get; set; } = DeploymentMode.Embedded;

    /// <summary>Where embedded mode keeps its SQLite database and blobs; relative paths resolve against the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "./data";

    /// <summary>Initial password of user <c>admin</c>, applied only when the user does not exist yet.</summary>
    [Required]
    [MinLength(8)]
    public string AdminPassword { get; set; } = "Harbor12345";

    /// <summary>Public base URL (token realm, Location headers); when unset, each request's scheme and Host are used.</summary>
    public Uri? ExternalUrl { get; set; }

    public string FullDataPath => Path.GetFullPath(DataPath);
}
