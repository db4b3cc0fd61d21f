using System.Text;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Inventory.Sbom;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

/// <summary>The four SBOMs of shared/fixtures/scanning/sbom read into the packages EXPECTED.md §4 matches.</summary>
public sealed class SbomInventoryTests
{
    [Fact]
    public async Task Trivy_cyclonedx_uses_the_os_component_and_src_name_properties()
    {
        var inventory = await ReadFixtureAsync("trivy-fluentd-multiple-lockfiles.cdx.json");

        Assert.Equal("debian", inventory.OperatingSystem?.Id);
        Assert.Equal(
            ["Debian:10 bash 5.0-4 bash 5.0-4", "Debian:10 libidn2-0 2.0.5-1 libidn2 2.0.5-1", "RubyGems activesupport 6.0.2.1  "],
            inventory.Packages.Select(Row));
    }

    [Fact]
    public async Task Polyglot_cyclonedx_reads_nested_components_and_ignores_those_without_purl()
    {
        var inventory = await ReadFixtureAsync("fixture-polyglot.cdx.json");

        Assert.Equal(
            [
                "Alpine:v3.18 zlib 1.2.12-r1 zlib 1.2.12-r1",
                "Go github.com/gin-gonic/gin v1.5.0  ",
                "Go stdlib 1.22.4  ",
                "Maven com.fasterxml.jackson.core:jackson-databind 2.13.2.1  ",
                "Maven log4j:log4j 1.2.17  ",
                "Maven org.apache.commons:commons-text 1.9  ",
                "NuGet Newtonsoft.Json 12.0.3  ",
                "PyPI gradio 4.36.1  ",
                "PyPI requests 2.31.0  ",
                "crates.io time 0.2.22  ",
                "npm @types/node 20.11.0  ",
                "npm elliptic 6.5.3  ",
            ],
            inventory.Packages.Select(Row).Order(StringComparer.Ordinal));
        Assert.Contains(inventory.Packages, p => p.Purl == "pkg:npm/%40types/node@20.11.0");
    }

    [Fact]
    public async Task Polyglot_spdx_reads_both_category_spellings_and_source_qualifiers()
    {
        var inventory = await ReadFixtureAsync("fixture-polyglot.spdx.json");

        Assert.Equal(
            [
                "Debian:12 curl 7.88.1-10+deb12u1 curl 7.88.1-10+deb12u1",
                "Debian:12 libc6 2.36-9+deb12u2 glibc 2.36-9+deb12u2",
                "Debian:12 openssl 3.0.11-1~deb12u2 openssl 3.0.11-1~deb12u2",
                "Debian:12 zlib1g 1:1.2.13.dfsg-1 zlib 1:1.2.13.dfsg-1",
                "Go golang.org/x/net v0.3.0  ",
                "Maven org.apache.commons:commons-text 1.10.0  ",
                "NuGet BouncyCastle 1.8.9  ",
                "NuGet newtonsoft.json 12.0.1  ",
                "PyPI cryptography 3.3.1  ",
                "PyPI products.pluggableauthservice 2.6.0  ",
                "PyPI requests 2.30.0  ",
                "crates.io http 0.1.19  ",
                "crates.io time 0.2.1  ",
                "npm mixin-deep 2.0.0  ",
            ],
            inventory.Packages.Select(Row).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scalibr_spdx_maps_an_ubuntu_codename_and_decodes_the_epoch()
    {
        var inventory = await ReadFixtureAsync("osv-scanner-only-unimportant.spdx.json");

        Assert.Equal("Ubuntu:20.04 pcre3 2:8.39-12ubuntu0.1 pcre3 2:8.39-12ubuntu0.1", Row(Assert.Single(inventory.Packages)));
    }

    [Fact]
    public async Task A_document_that_is_no_sbom_fails_clearly()
    {
        var reader = new PackageInventoryReader();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ScanFailedException>(() => reader.ReadSbomAsync(new MemoryStream("""{"hello":"world"}"""u8.ToArray()), ct));
        await Assert.ThrowsAsync<ScanFailedException>(() => reader.ReadSbomAsync(new MemoryStream("not json"u8.ToArray()), ct));
    }

    [Fact]
    public async Task Rpm_purls_take_epoch_and_upstream_source_rpm()
    {
        const string sbom = """
            {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
              {"type":"library","name":"openssl-libs","purl":"pkg:rpm/redhat/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&upstream=openssl-1.0.2k-16.el7.src.rpm&distro=redhat-7.9"},
              {"type":"library","name":"bash","purl":"pkg:rpm/rocky/bash@5.1.8-6.el9?distro=rocky-9.3"},
              {"type":"library","name":"x","purl":"pkg:generic/x@1.0"},
              {"type":"library","name":"y","purl":"pkg:npm/y"}]}
            """;

        var inventory = await new PackageInventoryReader().ReadSbomAsync(new MemoryStream(Encoding.UTF8.GetBytes(sbom)), TestContext.Current.CancellationToken);

        Assert.Equal(
            ["Red Hat openssl-libs 1:1.0.2k-16.el7 openssl 1:1.0.2k-16.el7", "Rocky Linux:9 bash 5.1.8-6.el9 bash 5.1.8-6.el9"],
            inventory.Packages.Select(Row));
    }

    [Theory]
    [InlineData("pkg:deb/debian/curl@7.88.1-10%2Bdeb12u1?arch=amd64&distro=debian-12", "deb", "debian", "curl", "7.88.1-10+deb12u1")]
    [InlineData("pkg:npm/%40types/node@20.11.0", "npm", "@types", "node", "20.11.0")]
    [InlineData("pkg:maven/org.apache.commons/commons-text@1.9?type=jar#sub/path", "maven", "org.apache.commons", "commons-text", "1.9")]
    [InlineData("pkg:golang/github.com/gin-gonic/gin@v1.5.0", "golang", "github.com/gin-gonic", "gin", "v1.5.0")]
    [InlineData("PKG:PyPI/Django@4.2", "pypi", null, "Django", "4.2")]
    [InlineData("pkg:cargo/time", "cargo", null, "time", null)]
    public void Purls_are_split_and_decoded(string text, string type, string? ns, string name, string? version)
    {
        var purl = PackageUrl.TryParse(text)!;
        Assert.Equal((type, ns, name, version), (purl.Type, purl.Namespace, purl.Name, purl.Version));
    }

    [Fact]
    public void Purl_qualifiers_and_subpath_are_decoded()
    {
        var purl = PackageUrl.TryParse("pkg:deb/ubuntu/pcre3@2%3A8.39?Arch=amd64&distro=focal&source=pcre3%2Bx#a/b")!;
        Assert.Equal(("2:8.39", "amd64", "focal", "pcre3+x", "a/b"),
            (purl.Version, purl.Qualifier("arch"), purl.Qualifier("distro"), purl.Qualifier("source"), purl.Subpath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("npm/foo@1")]
    [InlineData("pkg:npm")]
    [InlineData("pkg:npm/")]
    public void Things_that_are_not_purls_are_refused(string text) => Assert.Null(PackageUrl.TryParse(text));

    private static string Row(InstalledPackage p) => $"{p.Ecosystem} {p.Name} {p.Version} {p.SourceName} {p.SourceVersion}";

    private static async Task<PackageInventory> ReadFixtureAsync(string name)
    {
        await using var stream = File.OpenRead(SharedFixtures.Path($"scanning/sbom/{name}"));
        return await new PackageInventoryReader().ReadSbomAsync(stream, TestContext.Current.CancellationToken);
    }
}
