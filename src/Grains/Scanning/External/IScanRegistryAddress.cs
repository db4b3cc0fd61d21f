namespace ArtifactKeeper.Scanning.External;

/// <summary>This registry's base URL as an external scanner reaches it (null when none is known here).</summary>
public interface IScanRegistryAddress
{
    Uri? RegistryUrl { get; }
}
