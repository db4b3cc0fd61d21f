using System.Text.RegularExpressions;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>
/// Harbor's artifact <c>type</c> (IMAGE, CHART, CNAB, WASM, ...), derived from the artifact's media type (the
/// config's, or the index's own) the way Harbor's processors are chosen; any other
/// <c>application/vnd.&lt;org&gt;.&lt;name&gt;.config.&lt;v&gt;+json</c> gives <c>NAME</c> upper-cased, the rest UNKNOWN.
/// </summary>
public static partial class ArtifactTypes
{
    public const string Image = "IMAGE", Chart = "CHART", Cnab = "CNAB", Wasm = "WASM", Unknown = "UNKNOWN";

    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerImageConfig = "application/vnd.docker.container.image.v1+json";
    public const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string CnabManifest = "application/vnd.cnab.manifest.v1";
    public const string WasmConfig = "application/vnd.wasm.config.v1+json";
    public const string WasmModuleConfig = "application/vnd.module.wasm.config.v1+json";

    /// <summary>Artifact media types with a processor of their own, by type.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> KnownMediaTypes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Image] = [OciImageConfig, DockerImageConfig, ManifestMediaTypes.OciIndex, ManifestMediaTypes.DockerManifestList],
        [Chart] = [HelmConfig],
        [Cnab] = [CnabManifest],
        [Wasm] = [WasmConfig, WasmModuleConfig],
    };

    /// <summary>The Harbor type of an artifact whose media type is <paramref name="artifactMediaType"/>.</summary>
    public static string Of(string artifactMediaType)
    {
        ArgumentNullException.ThrowIfNull(artifactMediaType);
        foreach (var (type, mediaTypes) in KnownMediaTypes)
        {
            if (mediaTypes.Contains(artifactMediaType, StringComparer.Ordinal))
            {
                return type;
            }
        }

        var match = VendorConfig().Match(artifactMediaType);
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : Unknown;
    }

    [GeneratedRegex(@"^application/vnd\.[^.]*\.(.*)\.config\.[^.]*\+json$", RegexOptions.CultureInvariant)]
    private static partial Regex VendorConfig();
}
