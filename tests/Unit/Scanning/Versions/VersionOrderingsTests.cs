using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class VersionOrderingsTests
{
    [Theory]
    [InlineData("Debian:12", "dpkg")]
    [InlineData("Debian", "dpkg")]
    [InlineData("Ubuntu:22.04:LTS", "dpkg")]
    [InlineData("Alpine:v3.18", "apk")]
    [InlineData("Red Hat:enterprise_linux:8::appstream", "rpm")]
    [InlineData("Rocky Linux:9", "rpm")]
    [InlineData("AlmaLinux:8", "rpm")]
    [InlineData("npm", "semver")]
    [InlineData("crates.io", "semver")]
    [InlineData("Go", "semver")]
    [InlineData("PyPI", "pep440")]
    [InlineData("Maven", "maven")]
    [InlineData("NuGet", "nuget")]
    [InlineData("RubyGems", "rubygems")]
    public void ForEcosystem_maps_OSV_names_to_their_ordering(string ecosystem, string scheme) =>
        Assert.Equal(scheme, VersionOrderings.ForEcosystem(ecosystem)?.Scheme);

    [Theory]
    [InlineData("GIT")]
    [InlineData("Packagist")]
    [InlineData("Nonexistent")]
    [InlineData("")]
    [InlineData(null)]
    public void ForEcosystem_is_null_for_unknown_ecosystems(string? ecosystem) =>
        Assert.Null(VersionOrderings.ForEcosystem(ecosystem));

    public static TheoryData<string> Schemes => new() { "dpkg", "apk", "rpm", "semver", "pep440", "maven", "nuget", "rubygems" };

    /// <summary>Strings seen in real OSV data, and worse; no ordering may throw on them.</summary>
    private static readonly string?[] Hostile =
    [
        null, "", " ", "4.36.-1", "-", ".", ":", "~", "^", "+", "_", "1.", ".1", "1..2", "v", "vv1", "1:", ":1",
        "1-", "1--1", "1.0.0-", "1.0.0+", "1.0.0-+", "0:", "a:b:c", "1.0~", "1.0^~", "१.२", "1.1.α", "\0", "\t1.0\n",
        "99999999999999999999999999999999999999.9", "1.0.0-0.0.0.0.0.0.0.0.0.0", "!1", "1!", "1.0+local+x",
        "1_alpha", "1-r", "1-r-1", "0..1..0", "latest", "*", ">=1.0", "1.0.0-2021-05-17T01-01-51-5ec03a8b",
    ];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Invalid_strings_never_throw_and_still_order_totally(string scheme)
    {
        var ordering = VersionOrderings.AllOrderings.Single(candidate => candidate.Scheme == scheme);
        foreach (var a in Hostile)
        {
            _ = ordering.IsValid(a);
            foreach (var b in Hostile)
            {
                var forward = ordering.Compare(a, b);
                var backward = ordering.Compare(b, a);
                Assert.True(Math.Sign(forward) == -Math.Sign(backward), $"{scheme}: '{a}' vs '{b}' is not antisymmetric");
                if (ordering.TryCompare(a, b, out var tried))
                    Assert.Equal(Math.Sign(forward), tried);
                else
                    Assert.Equal(0, tried);
            }
        }
    }
}
