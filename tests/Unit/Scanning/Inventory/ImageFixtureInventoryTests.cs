using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Tests.Support;
using ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

/// <summary>The three OCI layouts of shared/fixtures/scanning/images flatten to EXPECTED.md §1–§3's inventories.</summary>
public sealed class ImageFixtureInventoryTests
{
    private const string DebianL1 = "sha256:17d4ab294eaaa362ed788744fc2fda09d51ecb6bf4f8bd55a0a8e48d193aa104";
    private const string DebianL3 = "sha256:7297dfca2b95c595c97d2df992e086cd802102029b64b21a1dcf9be625af3ac8";
    private const string AlpineL1 = "sha256:7bf331247c8838cd4baf868d98674cd75c1627b4d809f337a420485ab584caed";
    private const string AlpineL3 = "sha256:057e417846539994de57ed3d37012701e7243919f70d75bcb82381f8ef67bc51";
    private const string DistrolessL1 = "sha256:d60798958829e136c70ce4a9280f5e383bce6c52d872f581c48f4a213e29f50b";
    private const string DistrolessL2 = "sha256:3746bfd3bad15e954d957d5d4da2a43cab0ebb288d11ddaccd4a2a31a12ec342";

    [Fact]
    public async Task Debian_whiteout_image_has_the_final_status_without_openssh()
    {
        var (inventory, content) = await ReadAsync("debian-whiteout");

        Assert.Equal(new ArtifactKeeper.Scanning.Inventory.OperatingSystemInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)"), inventory.OperatingSystem);
        Assert.Equal(3, content.BlobOpens);
        Assert.Equal(55, inventory.Packages.Count);
        Assert.All(inventory.Packages, p =>
        {
            Assert.Equal("Debian:12", p.Ecosystem);
            Assert.Equal("/var/lib/dpkg/status", p.FilePath);
            Assert.Equal(DebianL3, p.LayerDiffId);
        });
        Assert.DoesNotContain(inventory.Packages, p => p.Name == "openssh-client");

        var bsdutils = Assert.Single(inventory.Packages, p => p.Name == "bsdutils");
        Assert.Equal(("1:2.38.1-5+b1", "util-linux", "2.38.1-5"), (bsdutils.Version, bsdutils.SourceName, bsdutils.SourceVersion));
        var zlib = Assert.Single(inventory.Packages, p => p.Name == "zlib1g");
        Assert.Equal(("1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1"), (zlib.Version, zlib.SourceName, zlib.SourceVersion));
        var libcap = Assert.Single(inventory.Packages, p => p.Name == "libcap2");
        Assert.Equal(("1:2.66-4+deb12u2+b2", "libcap2", "1:2.66-4+deb12u2"), (libcap.Version, libcap.SourceName, libcap.SourceVersion));
        var baseFiles = Assert.Single(inventory.Packages, p => p.Name == "base-files");
        Assert.Equal(("12.4+deb12u11", "base-files", "12.4+deb12u11"), (baseFiles.Version, baseFiles.SourceName, baseFiles.SourceVersion));
        Assert.Equal(7, inventory.Packages.Count(p => p.SourceName == "util-linux"));
        Assert.Equal(2, inventory.Packages.Count(p => p.SourceName == "glibc" && p.SourceVersion == "2.36-9+deb12u1"));
        Assert.Equal(2, inventory.Packages.Count(p => p.SourceName == "curl" && p.SourceVersion == "7.88.1-10+deb12u1"));
    }

    [Fact]
    public async Task Alpine_node_image_honours_the_opaque_node_modules()
    {
        var (inventory, _) = await ReadAsync("alpine-node");

        Assert.Equal("alpine", inventory.OperatingSystem?.Id);
        Assert.Equal("3.18.0", inventory.OperatingSystem?.VersionId);

        var apk = inventory.Packages.Where(p => p.Ecosystem == "Alpine:v3.18").ToList();
        Assert.Equal(15, apk.Count);
        Assert.All(apk, p => Assert.Equal((AlpineL1, "/lib/apk/db/installed"), (p.LayerDiffId, p.FilePath)));
        var zlib = Assert.Single(apk, p => p.Name == "zlib");
        Assert.Equal(("1.2.11-r1", "zlib", "1.2.11-r1"), (zlib.Version, zlib.SourceName, zlib.SourceVersion));
        Assert.All(apk.Where(p => p.Name is "libcrypto3" or "libssl3"), p => Assert.Equal("openssl", p.SourceName));

        var npm = inventory.Packages.Where(p => p.Ecosystem == "npm")
            .Select(p => $"{p.Name} {p.Version} {p.FilePath} {p.LayerDiffId}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            new[]
            {
                $"@types/node 20.11.0 /app/node_modules/@types/node/package.json {AlpineL3}",
                $"base 0.11.2 /app/node_modules/base/package.json {AlpineL3}",
                $"elliptic 6.5.4 /app/node_modules/elliptic/package.json {AlpineL3}",
                $"i18next 1.10.3 /app/node_modules/i18next/package.json {AlpineL3}",
                $"jquery 2.2.4 /app/node_modules/jquery/package.json {AlpineL3}",
                $"lodash 4.17.11 /app/node_modules/lodash/package.json {AlpineL3}",
                $"mixin-deep 1.3.2 /app/node_modules/base/node_modules/mixin-deep/package.json {AlpineL3}",
                $"mixin-deep 2.0.0 /app/node_modules/mixin-deep/package.json {AlpineL3}",
                $"undici-types 5.26.5 /app/node_modules/undici-types/package.json {AlpineL3}",
            }.Order(StringComparer.Ordinal),
            npm);
        Assert.Equal(24, inventory.Packages.Count);
    }

    [Fact]
    public async Task Distroless_python_image_reads_status_d_and_dist_info()
    {
        var (inventory, _) = await ReadAsync("distroless-python");

        Assert.Equal(new ArtifactKeeper.Scanning.Inventory.OperatingSystemInfo("debian", "12", "Distroless"), inventory.OperatingSystem);
        var dpkg = inventory.Packages.Where(p => p.Ecosystem == "Debian:12")
            .Select(p => $"{p.Name} {p.Version} {p.LayerDiffId}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[]
            {
                $"base-files 12.4+deb12u11 {DistrolessL1}", $"libc6 2.36-9+deb12u3 {DistrolessL1}",
                $"libssl3 3.0.9-1 {DistrolessL1}", $"netbase 6.4 {DistrolessL1}",
                $"tzdata 2025b-0+deb12u2 {DistrolessL1}", $"zlib1g 1:1.2.13.dfsg-1 {DistrolessL1}",
            }.Order(StringComparer.Ordinal),
            dpkg);
        Assert.Equal("openssl", Assert.Single(inventory.Packages, p => p.Name == "libssl3").SourceName);
        Assert.Equal("/var/lib/dpkg/status.d/libc6", Assert.Single(inventory.Packages, p => p.Name == "libc6").FilePath);

        var pypi = inventory.Packages.Where(p => p.Ecosystem == "PyPI")
            .Select(p => $"{p.Name} {p.Version} {p.LayerDiffId}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[]
            {
                $"123bla 0.0.1 {DistrolessL2}", $"Products.PluggableAuthService 2.6.0 {DistrolessL2}",
                $"cryptography 3.3.1 {DistrolessL2}", $"gradio 4.36.1 {DistrolessL2}",
                $"protobuf 3.15.0rc2 {DistrolessL2}", $"requests 2.30.0 {DistrolessL2}", $"urllib3 2.0.7 {DistrolessL2}",
            }.Order(StringComparer.Ordinal),
            pypi);
        Assert.Equal(13, inventory.Packages.Count);
    }

    private static async Task<(PackageInventory Inventory, OciLayoutContent Content)> ReadAsync(string image)
    {
        var content = new OciLayoutContent(SharedFixtures.Path($"scanning/images/{image}"));
        var layers = await content.LayersAsync();
        var inventory = await new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);
        return (inventory, content);
    }
}
