using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Osv;
using static ArtifactKeeper.Tests.Unit.Scanning.Osv.OsvTestRecords;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvMatcherTests
{
    [Theory]
    [InlineData("1.0.0", true, "1.3.2")]
    [InlineData("1.3.2", false, null)]
    [InlineData("1.9.0", false, null)]
    [InlineData("2.0.0", true, "2.0.1")]
    [InlineData("2.0.1", false, null)]
    public void Match_sorts_unsorted_events_before_evaluating(string version, bool affected, string? fix)
    {
        var database = Database(Record("GHSA-mix", "", Affected("npm", "mixin-deep", [Range("SEMVER", "introduced:0", "introduced:2.0.0", "fixed:2.0.1", "fixed:1.3.2")])));

        var findings = database.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "mixin-deep", version)));

        Assert.Equal(affected, findings.Count == 1);
        Assert.Equal(fix, findings.SingleOrDefault()?.FixVersion);
    }

    [Theory]
    [InlineData("1.2.16", true)]
    [InlineData("1.2.17", true)]
    [InlineData("1.2.18", false)]
    public void Match_treats_last_affected_as_inclusive_without_a_fix(string version, bool affected)
    {
        var database = Database(Record("GHSA-log", "", Affected("Maven", "log4j:log4j", [Range("ECOSYSTEM", "introduced:0", "last_affected:1.2.17")])));

        var findings = database.Match(OsvTestRecords.Inventory(new InstalledPackage("Maven", "log4j:log4j", version)));

        Assert.Equal(affected, findings.Count == 1);
        Assert.All(findings, finding => Assert.Null(finding.FixVersion));
    }

    [Theory]
    [InlineData("0.9.0", false)]
    [InlineData("1.5.0", true)]
    [InlineData("2.0.0", false)]
    [InlineData("2.5.0", false)]
    public void Match_stops_a_range_at_its_limit(string version, bool affected)
    {
        var database = Database(Record("GO-limit", "", Affected("Go", "example.com/mod", [Range("SEMVER", "introduced:1.0.0", "limit:2.0.0")])));

        var findings = database.Match(OsvTestRecords.Inventory(new InstalledPackage("Go", "example.com/mod", version)));

        Assert.Equal(affected, findings.Count == 1);
    }

    [Fact]
    public void Match_uses_versions_list_when_a_record_has_no_ranges_and_tolerates_invalid_entries()
    {
        var database = Database(Record("GHSA-list", "", Affected("PyPI", "Gradio", versions: ["4.36.-1", "4.36.1", "4.37.0"])));

        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", "gradio", "4.36.1"))));
        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", "gradio", "4.36.2"))));
        Assert.Null(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", "gradio", "4.37.0"))).Single().FixVersion);
    }

    [Fact]
    public void Match_ignores_withdrawn_records()
    {
        var database = Database(Record("PYSEC-w", "\"withdrawn\":\"2021-01-01T00:00:00Z\",", Affected("PyPI", "cryptography", [Range("ECOSYSTEM", "introduced:3.1", "fixed:3.3.2")])));

        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", "cryptography", "3.3.1"))));
        Assert.Equal(0, database.RecordCount);
        Assert.Equal(1, database.Statistics.Withdrawn);
    }

    [Theory]
    [InlineData("Debian:12", "Debian:11")]
    [InlineData("Alpine:v3.18", "Alpine:v3.17")]
    [InlineData("Debian:12", "Debian")]
    public void Match_requires_the_release_to_match_exactly(string installed, string advisory)
    {
        var database = Database(Record("DEB-1", "", Affected(advisory, "bash", [Range("ECOSYSTEM", "introduced:0")])));

        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage(installed, "bash", "5.2.15-2+b8") { SourceName = "bash", SourceVersion = "5.2.15-2" })));
    }

    [Fact]
    public void Match_looks_distro_packages_up_by_source_name_and_source_version()
    {
        var database = Database(Record("DEBIAN-CVE-2024-28085", "", Affected("Debian:12", "util-linux", [Range("ECOSYSTEM", "introduced:0", "fixed:2.38.1-5+deb12u1")])));
        var bsdutils = new InstalledPackage("Debian:12", "bsdutils", "1:2.38.1-5+b1") { SourceName = "util-linux", SourceVersion = "2.38.1-5", FilePath = "/var/lib/dpkg/status", LayerDiffId = "sha256:l1", Purl = "pkg:deb/debian/bsdutils" };

        var finding = Assert.Single(database.Match(OsvTestRecords.Inventory(bsdutils)));

        Assert.Equal(("bsdutils", "1:2.38.1-5+b1", "2.38.1-5+deb12u1"), (finding.Package, finding.Version, finding.FixVersion));
        Assert.Equal(("util-linux", "2.38.1-5"), (finding.SourceName, finding.SourceVersion));
        Assert.Equal(("Debian:12", "/var/lib/dpkg/status", "sha256:l1", "pkg:deb/debian/bsdutils"), (finding.Ecosystem, finding.PackagePath, finding.LayerDiffId, finding.Purl));
    }

    [Fact]
    public void Match_does_not_look_debian_packages_up_by_binary_name_when_a_source_is_known()
    {
        var database = Database(Record("DEB-2", "", Affected("Debian:12", "libssl3", [Range("ECOSYSTEM", "introduced:0")])));

        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage("Debian:12", "libssl3", "3.0.9-1") { SourceName = "openssl", SourceVersion = "3.0.9-1" })));
    }

    [Fact]
    public void Match_looks_red_hat_packages_up_by_binary_name_too()
    {
        var database = Database(Record("RHSA-2024:1", "", Affected("Red Hat:enterprise_linux:8::baseos", "libuuid", [Range("ECOSYSTEM", "introduced:0", "fixed:0:2.32.1-43.el8")])));
        var libuuid = new InstalledPackage("Red Hat:enterprise_linux:8::baseos", "libuuid", "2.32.1-42.el8_8") { SourceName = "util-linux", SourceVersion = "2.32.1-42.el8_8" };

        Assert.Equal("0:2.32.1-43.el8", Assert.Single(database.Match(OsvTestRecords.Inventory(libuuid))).FixVersion);
    }

    [Theory]
    [InlineData("Products.PluggableAuthService")]
    [InlineData("products_pluggableauthservice")]
    [InlineData("Products-._PluggableAuthService")]
    public void Match_normalises_pypi_names_per_pep_503(string installedName)
    {
        var database = Database(Record("GHSA-pas", "", Affected("PyPI", "products-pluggableauthservice", [Range("ECOSYSTEM", "introduced:0", "fixed:2.6.1")])));

        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("PyPI", installedName, "2.6.0"))));
    }

    [Fact]
    public void Match_compares_nuget_names_case_insensitively_and_npm_names_exactly()
    {
        var database = Database(
            Record("GHSA-nj", "", Affected("NuGet", "Newtonsoft.Json", [Range("ECOSYSTEM", "introduced:0", "fixed:13.0.1")])),
            Record("GHSA-np", "", Affected("npm", "lodash", [Range("SEMVER", "introduced:0", "fixed:4.17.12")])));

        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("NuGet", "newtonsoft.json", "12.0.1"))));
        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "Lodash", "4.17.11"))));
    }

    [Theory]
    [InlineData("v1.5.0", true)]
    [InlineData("1.5.0", true)]
    [InlineData("v1.6.0", false)]
    public void Match_strips_a_leading_v_from_go_versions(string version, bool affected)
    {
        var database = Database(Record("GO-2020-0001", "", Affected("Go", "github.com/gin-gonic/gin", [Range("SEMVER", "introduced:0", "fixed:1.6.0")])));

        var findings = database.Match(OsvTestRecords.Inventory(new InstalledPackage("Go", "github.com/gin-gonic/gin", version)));

        Assert.Equal(affected, findings.Count == 1);
        Assert.All(findings, finding => Assert.Equal(version, finding.Version));
    }

    [Fact]
    public void Match_gives_the_fix_of_the_range_that_matched()
    {
        var database = Database(Record("RUSTSEC-2021-0003", "", Affected("crates.io", "smallvec", [
            Range("SEMVER", "introduced:0.6.3", "fixed:0.6.14"),
            Range("SEMVER", "introduced:1.0.0", "fixed:1.6.1"),
        ])));

        Assert.Equal("1.6.1", Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("crates.io", "smallvec", "1.6.0")))).FixVersion);
        Assert.Equal("0.6.14", Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("crates.io", "smallvec", "0.6.5")))).FixVersion);
    }

    [Fact]
    public void Match_reports_one_finding_per_record_and_package_instance_without_merging_records()
    {
        var database = Database(
            Record("DSA-5514-1", "\"upstream\":[\"CVE-2023-4911\"],", Affected("Debian:12", "glibc", [Range("ECOSYSTEM", "introduced:0", "fixed:2.36-9+deb12u3")]),
                Affected("Debian:12", "glibc", [Range("ECOSYSTEM", "introduced:2.36-1", "fixed:2.36-9+deb12u3")])),
            Record("DEBIAN-CVE-2023-4911", "\"upstream\":[\"CVE-2023-4911\"],", Affected("Debian:12", "glibc", [Range("ECOSYSTEM", "introduced:0", "fixed:2.36-9+deb12u3")])));
        var libc6 = new InstalledPackage("Debian:12", "libc6", "2.36-9+deb12u1") { SourceName = "glibc", SourceVersion = "2.36-9+deb12u1" };
        var libcBin = libc6 with { Name = "libc-bin" };

        var findings = database.Match(OsvTestRecords.Inventory(libc6, libcBin));

        Assert.Equal(4, findings.Count);
        Assert.Equal(["DEBIAN-CVE-2023-4911", "DSA-5514-1"], findings.Where(f => f.Package == "libc6").Select(f => f.Id));
        Assert.All(findings, finding => Assert.True(finding.IsNamedBy("CVE-2023-4911")));
    }

    [Fact]
    public void Match_without_an_ordering_for_the_ecosystem_uses_the_versions_list_only()
    {
        var database = Database(Record("GHSA-gha", "", Affected("GitHub Actions", "actions/toolkit", [Range("ECOSYSTEM", "introduced:0", "fixed:3.15.0")], ["3.14.0"])));

        Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("GitHub Actions", "actions/toolkit", "3.14.0"))));
        Assert.Empty(database.Match(OsvTestRecords.Inventory(new InstalledPackage("GitHub Actions", "actions/toolkit", "3.13.0"))));
    }

    [Fact]
    public void Match_copies_aliases_upstream_links_cwes_and_description()
    {
        var fields = """
            "aliases":["CVE-2019-10746","GHSA-x"],"upstream":["CVE-2019-10746","CVE-2019-0001"],"summary":"  Prototype pollution  ","details":"long text",
            "references":[{"type":"ADVISORY","url":"https://example.com/a"},{"type":"WEB","url":"https://example.com/b"}],
            "database_specific":{"cwe_ids":["CWE-1321"]},
            """;
        var database = Database(Record("GHSA-x", fields, Affected("npm", "mixin-deep", [Range("SEMVER", "introduced:0")], extra: ""","database_specific":{"cwes":[{"cweId":"CWE-88","name":"n"}]}""")));

        var finding = Assert.Single(database.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "mixin-deep", "2.0.0"))));

        Assert.Equal(["CVE-2019-10746", "CVE-2019-0001"], finding.Aliases);
        Assert.Equal(["https://example.com/a", "https://example.com/b"], finding.Links);
        Assert.Equal(["CWE-1321", "CWE-88"], finding.CweIds);
        Assert.Equal("Prototype pollution", finding.Description);
    }

    [Fact]
    public void Match_on_the_empty_database_finds_nothing()
    {
        Assert.Equal("empty", OsvDatabase.Empty.Version);
        Assert.Empty(OsvDatabase.Empty.Match(OsvTestRecords.Inventory(new InstalledPackage("npm", "lodash", "4.17.11"))));
    }
}
