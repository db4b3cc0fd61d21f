using System.Globalization;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// PEP 440 (PyPI), as <c>packaging.version.Version</c> orders it: <c>[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]</c>,
/// case-insensitive, with the spellings PEP 440 normalises (alpha→a, beta→b, c/pre/preview→rc, rev/r/-N→post,
/// '-', '_' and '.' separators, missing numbers as 0, a leading 'v'). Order: epoch; release with trailing zeros
/// ignored; a dev release of the final release (1.0.dev0) below its pre-releases; pre-releases below the release;
/// post-releases above it; a dev release below the version it is a dev of; finally the local label, where absent
/// sorts lowest and numeric parts sort above alphanumeric ones. Legacy non-PEP 440 strings are invalid.
/// </summary>
public sealed partial class Pep440VersionOrdering : ParsedVersionOrdering<Pep440VersionOrdering.Version>
{
    public static readonly Pep440VersionOrdering Instance = new();

    public override string Scheme => "pep440";

    /// <summary>
    /// A parsed version. Pre is (0 a, 1 b, 2 rc, number); Post and Dev are numbers; absent parts are null.
    /// Numbers are kept as digit text, so no size overflows.
    /// </summary>
    public sealed record Version(
        string Epoch,
        IReadOnlyList<string> Release,
        (int Kind, string Number)? Pre,
        string? Post,
        string? Dev,
        IReadOnlyList<string>? Local);

    [GeneratedRegex("""
        ^v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_.]?(?<pre_l>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<pre_n>[0-9]+)?)?
        (?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?))?
        (?<dev>[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        $
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Grammar();

    protected override Version? Parse(string version)
    {
        var match = Grammar().Match(version.Trim());
        if (!match.Success)
            return null;

        (int, string)? pre = null;
        if (match.Groups["pre"].Success)
        {
            var kind = match.Groups["pre_l"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 0,
                "b" or "beta" => 1,
                _ => 2,
            };
            pre = (kind, Number(match.Groups["pre_n"]));
        }

        string? post = null;
        if (match.Groups["post"].Success)
            post = match.Groups["post_n1"].Success ? match.Groups["post_n1"].Value : Number(match.Groups["post_n2"]);

        var release = match.Groups["release"].Value.Split('.').ToList();
        while (release.Count > 1 && release[^1].TrimStart('0').Length == 0)
            release.RemoveAt(release.Count - 1);

        return new Version(
            match.Groups["epoch"].Success ? match.Groups["epoch"].Value : "0",
            release,
            pre,
            post,
            match.Groups["dev"].Success ? Number(match.Groups["dev_n"]) : null,
            match.Groups["local"].Success ? match.Groups["local"].Value.ToLowerInvariant().Split('-', '_', '.') : null);
    }

    protected override int CompareParsed(Version a, Version b)
    {
        var result = VersionText.CompareNumeric(a.Epoch, b.Epoch);
        if (result == 0)
            result = CompareRelease(a.Release, b.Release);
        if (result == 0)
            result = PreKey(a).CompareTo(PreKey(b));
        if (result == 0 && a.Pre is { } preA && b.Pre is { } preB)
            result = VersionText.CompareNumeric(preA.Number, preB.Number);
        if (result == 0)
            result = CompareOptional(a.Post, b.Post, absentIsLowest: true);
        if (result == 0)
            result = CompareOptional(a.Dev, b.Dev, absentIsLowest: false);
        return result != 0 ? result : CompareLocal(a.Local, b.Local);
    }

    /// <summary>
    /// packaging's pre-release key: a bare dev release (no pre, no post) below everything, then a &lt; b &lt; rc,
    /// then no pre-release at all.
    /// </summary>
    private static int PreKey(Version version) => version switch
    {
        { Pre: null, Post: null, Dev: not null } => -1,
        { Pre: { } pre } => pre.Kind,
        _ => 3,
    };

    private static int CompareRelease(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var part = VersionText.CompareNumeric(i < a.Count ? a[i] : "0", i < b.Count ? b[i] : "0");
            if (part != 0)
                return part;
        }

        return 0;
    }

    private static int CompareOptional(string? a, string? b, bool absentIsLowest)
    {
        if (a is null || b is null)
        {
            if (a is null && b is null)
                return 0;
            return (a is null) == absentIsLowest ? -1 : 1;
        }

        return VersionText.CompareNumeric(a, b);
    }

    /// <summary>Local labels: absent lowest; part by part, numbers by value above words, words by text; shorter first.</summary>
    private static int CompareLocal(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);

        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var numericA = VersionText.IsAllDigits(a[i]);
            var numericB = VersionText.IsAllDigits(b[i]);
            var part = numericA && numericB ? VersionText.CompareNumeric(a[i], b[i])
                : numericA != numericB ? (numericA ? 1 : -1)
                : Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (part != 0)
                return part;
        }

        return a.Count.CompareTo(b.Count);
    }

    private static string Number(Group group) => group.Success ? group.Value : "0";
}
