namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>OSV's names of the language ecosystems.</summary>
public static class LanguageEcosystems
{
    public const string Npm = "npm";
    public const string PyPI = "PyPI";
    public const string Maven = "Maven";
    public const string NuGet = "NuGet";
    public const string CratesIo = "crates.io";
    public const string Go = "Go";
    public const string RubyGems = "RubyGems";
    public const string Packagist = "Packagist";
}
