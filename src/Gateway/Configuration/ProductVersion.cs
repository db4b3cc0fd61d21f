using System.Reflection;

namespace ArtifactKeeper.Configuration;

/// <summary>This build's version, as <c>harbor_version</c> reports it.</summary>
public static class ProductVersion
{
    public static string Current { get; } =
        "v" + (typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ProductVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0");
}
