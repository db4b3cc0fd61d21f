namespace ArtifactKeeper.Scanning.Versions;

/// <summary>
/// One ecosystem's version ordering (dpkg, apk, rpm, SemVer, PEP 440, Maven, NuGet, RubyGems). Advisory data holds
/// strings an ecosystem cannot parse ("4.36.-1" in a PyPI record), so nothing here throws on a bad string:
/// <see cref="IsValid"/> says whether the scheme accepts it, <see cref="TryCompare"/> refuses to order it, and
/// <see cref="Compare"/> still gives a total order (the scheme's own fallback where it has one, otherwise
/// unparseable strings first, ordinally among themselves).
/// </summary>
public interface IVersionOrdering
{
    /// <summary>The scheme's name ("dpkg", "apk", "rpm", "semver", "pep440", "maven", "nuget", "rubygems").</summary>
    string Scheme { get; }

    /// <summary>True when the scheme accepts <paramref name="version"/> as a version.</summary>
    bool IsValid(string? version);

    /// <summary>Negative when <paramref name="a"/> sorts before <paramref name="b"/>, zero when equal, positive after.</summary>
    int Compare(string? a, string? b);

    /// <summary>Orders two versions the scheme accepts; false (and 0) when either is not a valid version.</summary>
    bool TryCompare(string? a, string? b, out int result);
}
