using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

/// <summary>
/// The OSV database in fixtures/scanning/osv against the inventories of EXPECTED.md §1–§5: exactly the findings its
/// tables list (id, package, installed version, fixed version, severity), and none of the "not reported" ones.
/// </summary>
public sealed class OsvFixtureMatchTests
{
    private static readonly Lock Gate = new();
    private static OsvDatabase? _database;

    [Fact]
    public void Load_fixture_folder_keeps_60_distinct_records_minus_the_2_withdrawn()
    {
        var database = Database();

        Assert.Equal(66, database.Statistics.Documents);
        Assert.Equal(6, database.Statistics.Duplicates);
        Assert.Equal(2, database.Statistics.Withdrawn);
        Assert.Equal(0, database.Statistics.Invalid);
        Assert.Equal(58, database.RecordCount);
        Assert.StartsWith("osv-", database.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_takes_the_id_from_the_json_not_the_file_name()
    {
        var entries = Database().Lookup("Red Hat:rhel_aus:8.6::appstream", "git-lfs");

        Assert.Contains(entries, entry => entry.Advisory.Id == "RHSA-2024:4546");
    }

    [Fact]
    public void Load_of_the_same_folder_twice_gives_the_same_version()
    {
        var again = OsvDatabaseLoader.Load(SharedFixtures.Path("scanning/osv"), TestContext.Current.CancellationToken);

        Assert.Equal(Database().Version, again.Version);
    }

    public static TheoryData<string> Tables =>
    [
        "DebianWhiteout", "AlpineNode", "DistrolessPython", "SbomFluentd", "SbomPolyglotCycloneDx", "SbomPolyglotSpdx", "SbomUbuntu",
        "DebianStatus", "Distroless", "AlpineInstalled", "AlpineEdgeCases", "Npm", "Python", "Maven", "Cargo", "DotNet",
    ];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Match_yields_exactly_the_expected_table(string table)
    {
        var (packages, expected) = Case(table);

        var findings = Database().Match(new PackageInventory(null, packages));

        var actual = findings.Select(f => new ExpectedFinding(f.Id, f.Package, f.Version, f.FixVersion, f.Severity)).ToList();
        Assert.Equal(Sorted(expected), Sorted(actual));
    }

    [Fact]
    public void Match_debian_whiteout_reports_the_source_package_and_the_binary_package_fields()
    {
        var findings = Database().Match(new PackageInventory(null, OsvFixtureInventories.DebianWhiteout));

        var curl = Assert.Single(findings, f => f.Id == "DEBIAN-CVE-2023-38545" && f.Package == "libcurl4");
        Assert.Equal("Debian:12", curl.Ecosystem);
        Assert.Equal("curl", curl.SourceName);
        Assert.Equal("/var/lib/dpkg/status", curl.PackagePath);
        Assert.Contains("CVE-2023-38545", curl.Aliases);
        Assert.Equal(new CvssScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), curl.PreferredCvss);
        Assert.True(curl.IsNamedBy("CVE-2023-38545"));
        Assert.NotEmpty(curl.Links);
        Assert.False(string.IsNullOrWhiteSpace(curl.Description));
        Assert.DoesNotContain(findings, f => f.Package is "openssh-client" or "zlib1g" or "bash" or "openssl" or "libssl3" or "libidn2-0");
    }

    [Fact]
    public void Match_reads_cwes_objects_and_cwe_ids_strings()
    {
        var findings = Database().Match(new PackageInventory(null, [.. OsvFixtureInventories.AlpineNodeNpm, .. OsvFixtureInventories.Python]));

        Assert.Contains("CWE-88", Assert.Single(findings, f => f.Id == "GHSA-fhjf-83wg-r2j9").CweIds);
        Assert.Contains("CWE-94", Assert.Single(findings, f => f.Id == "GHSA-9v2f-6vcg-3hgv").CweIds);
    }

    [Fact]
    public void Match_ignores_withdrawn_records_even_when_in_range()
    {
        var findings = Database().Match(new PackageInventory(null, OsvFixtureInventories.Python));

        Assert.DoesNotContain(findings, f => f.Id == "PYSEC-2021-63" || f.Package == "cryptography");
    }

    private static (IReadOnlyList<InstalledPackage> Packages, IReadOnlyList<ExpectedFinding> Expected) Case(string table) => table switch
    {
        "DebianWhiteout" => (OsvFixtureInventories.DebianWhiteout, OsvExpectedFindings.DebianWhiteout),
        "AlpineNode" => ([.. OsvFixtureInventories.AlpineNodeApk, .. OsvFixtureInventories.AlpineNodeNpm], OsvExpectedFindings.AlpineNode),
        "DistrolessPython" => ([.. OsvFixtureInventories.Distroless, .. OsvFixtureInventories.Python], OsvExpectedFindings.DistrolessPython),
        "SbomFluentd" => (OsvFixtureInventories.SbomFluentd, OsvExpectedFindings.SbomFluentd),
        "SbomPolyglotCycloneDx" => (OsvFixtureInventories.SbomPolyglotCycloneDx, OsvExpectedFindings.SbomPolyglotCycloneDx),
        "SbomPolyglotSpdx" => (OsvFixtureInventories.SbomPolyglotSpdx, OsvExpectedFindings.SbomPolyglotSpdx),
        "SbomUbuntu" => (OsvFixtureInventories.SbomUbuntu, []),
        "DebianStatus" => (OsvFixtureInventories.DebianStatus, OsvExpectedFindings.DebianStatus),
        "Distroless" => (OsvFixtureInventories.Distroless, OsvExpectedFindings.Distroless),
        "AlpineInstalled" => (OsvFixtureInventories.AlpineInstalled, []),
        "AlpineEdgeCases" => (OsvFixtureInventories.AlpineEdgeCases, OsvExpectedFindings.AlpineEdgeCases),
        "Npm" => (OsvFixtureInventories.AlpineNodeNpm, OsvExpectedFindings.Npm),
        "Python" => (OsvFixtureInventories.Python, OsvExpectedFindings.Python),
        "Maven" => (OsvFixtureInventories.Maven, OsvExpectedFindings.Maven),
        "Cargo" => (OsvFixtureInventories.Cargo, OsvExpectedFindings.Cargo),
        "DotNet" => (OsvFixtureInventories.DotNet, OsvExpectedFindings.DotNet),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "no such table"),
    };

    private static List<ExpectedFinding> Sorted(IEnumerable<ExpectedFinding> findings) =>
        findings.OrderBy(f => f.Id, StringComparer.Ordinal).ThenBy(f => f.Package, StringComparer.Ordinal).ThenBy(f => f.Version, StringComparer.Ordinal).ToList();

    private static OsvDatabase Database()
    {
        var path = SharedFixtures.Path("scanning/osv");
        lock (Gate)
        {
            return _database ??= OsvDatabaseLoader.Load(path, CancellationToken.None);
        }
    }
}
