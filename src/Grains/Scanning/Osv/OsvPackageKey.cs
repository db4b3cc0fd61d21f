namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// How the database indexes a package: the ecosystem without its release ("Debian" for "Debian:12") and the name
/// as the ecosystem compares names (PyPI per PEP 503, NuGet case-insensitively, every other ecosystem exactly).
/// The full ecosystem string, release included, is compared separately and exactly.
/// </summary>
public readonly record struct OsvPackageKey(string EcosystemBase, string Name)
{
    public static OsvPackageKey For(string ecosystem, string name)
    {
        var ecosystemBase = BaseOf(ecosystem);
        return new OsvPackageKey(ecosystemBase, NormaliseName(ecosystemBase, name));
    }

    /// <summary>The part before the first ':' ("Red Hat" for "Red Hat:enterprise_linux:8::appstream").</summary>
    public static string BaseOf(string ecosystem)
    {
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? ecosystem : ecosystem[..colon]).Trim();
    }

    public static string NormaliseName(string ecosystemBase, string name) => ecosystemBase switch
    {
        "PyPI" => Pep503(name),
        "NuGet" => name.Trim().ToLowerInvariant(),
        _ => name.Trim(),
    };

    /// <summary>PEP 503: lower case, every run of '-', '_' and '.' becomes one '-'.</summary>
    private static string Pep503(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        var inSeparator = false;
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (!inSeparator)
                {
                    builder.Append('-');
                }

                inSeparator = true;
                continue;
            }

            inSeparator = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
