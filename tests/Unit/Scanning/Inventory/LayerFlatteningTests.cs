using System.Formats.Tar;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

/// <summary>Flattening on self-built layers: whiteouts, opaque folders, links, replacement and compression.</summary>
public sealed class LayerFlatteningTests
{
    private const string DebianOsRelease = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n";

    private static string Status(params (string Name, string Version)[] packages)
        => string.Concat(packages.Select(p => $"Package: {p.Name}\nStatus: install ok installed\nVersion: {p.Version}\n\n"));

    private static string PackageJson(string name, string version) => $$"""{"name":"{{name}}","version":"{{version}}"}""";

    [Fact]
    public async Task A_whiteout_removes_a_file_of_a_lower_layer()
    {
        var l1 = new LayerBuilder()
            .File("app/node_modules/left-pad/package.json", PackageJson("left-pad", "1.0.0"))
            .File("app/node_modules/kept/package.json", PackageJson("kept", "2.0.0"))
            .Build();
        var l2 = new LayerBuilder().Whiteout("app/node_modules/left-pad").Build();

        var inventory = await ReadAsync(l1, l2);

        var only = Assert.Single(inventory.Packages);
        Assert.Equal(("kept", l1.Source.DiffId), (only.Name, only.LayerDiffId));
    }

    [Fact]
    public async Task A_whiteout_of_the_file_itself_removes_it_and_a_later_copy_comes_back()
    {
        var l1 = new LayerBuilder().File("var/lib/dpkg/status", Status(("bash", "5.2"))).Build();
        var l2 = new LayerBuilder().Whiteout("var/lib/dpkg/status").Build();
        Assert.Empty((await ReadAsync(l1, l2)).Packages);

        var l3 = new LayerBuilder().File("var/lib/dpkg/status", Status(("dash", "0.5"))).Build();
        var back = Assert.Single((await ReadAsync(l1, l2, l3)).Packages);
        Assert.Equal(("dash", l3.Source.DiffId), (back.Name, back.LayerDiffId));
    }

    [Fact]
    public async Task An_opaque_folder_hides_lower_contents_but_keeps_its_own()
    {
        var l1 = new LayerBuilder()
            .File("app/node_modules/shiba/package.json", PackageJson("shiba", "1.0.0"))
            .File("app/node_modules/elliptic/package.json", PackageJson("elliptic", "6.5.3"))
            .File("app/vendor/Cargo.lock", "[[package]]\nname = \"http\"\nversion = \"0.1.19\"\nsource = \"registry+x\"\n")
            .Build();
        var l2 = new LayerBuilder()
            .Opaque("app/node_modules")
            .File("app/node_modules/elliptic/package.json", PackageJson("elliptic", "6.5.4"))
            .Build();

        var inventory = await ReadAsync(l1, l2);

        Assert.Equal(
            ["crates.io http 0.1.19 " + l1.Source.DiffId, "npm elliptic 6.5.4 " + l2.Source.DiffId],
            inventory.Packages.Select(p => $"{p.Ecosystem} {p.Name} {p.Version} {p.LayerDiffId}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_symlinked_os_release_resolves_to_its_target_in_another_layer()
    {
        var l1 = new LayerBuilder()
            .File("usr/lib/os-release", DebianOsRelease)
            .File("var/lib/dpkg/status", Status(("bash", "5.2.15-2+b8")))
            .Build();
        var l2 = new LayerBuilder().Symlink("etc/os-release", "../usr/lib/os-release").Build();

        var inventory = await ReadAsync(l1, l2);

        Assert.Equal("12", inventory.OperatingSystem?.VersionId);
        Assert.Equal("Debian:12", Assert.Single(inventory.Packages).Ecosystem);
    }

    [Fact]
    public async Task An_absolute_symlink_to_a_whited_out_target_gives_no_os()
    {
        var l1 = new LayerBuilder()
            .File("usr/lib/os-release", DebianOsRelease)
            .Symlink("etc/os-release", "/usr/lib/os-release")
            .Build();
        var l2 = new LayerBuilder().Whiteout("usr/lib/os-release").Build();

        Assert.Equal("debian", (await ReadAsync(l1)).OperatingSystem?.Id);
        Assert.Null((await ReadAsync(l1, l2)).OperatingSystem);
    }

    [Fact]
    public async Task A_hard_link_carries_its_targets_content()
    {
        var l1 = new LayerBuilder()
            .File("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n\nsix\n")
            .HardLink("opt/venv/lib/six-1.16.0.dist-info/METADATA", "./usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA")
            .HardLink("etc/os-release", "srv/uncaptured")
            .Build();

        var inventory = await ReadAsync(l1);

        Assert.Equal(
            ["/opt/venv/lib/six-1.16.0.dist-info/METADATA", "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"],
            inventory.Packages.Select(p => p.FilePath!).Order(StringComparer.Ordinal));
        Assert.Contains(inventory.Notes, n => n.Contains("hard link", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_replaced_in_a_later_layer_is_read_from_that_layer()
    {
        var l1 = new LayerBuilder()
            .File("etc/os-release", "ID=alpine\nVERSION_ID=3.17.1\n")
            .File("lib/apk/db/installed", "P:zlib\nV:1.2.11-r1\no:zlib\n\n")
            .Build();
        var l2 = new LayerBuilder().File("etc/os-release", "ID=alpine\nVERSION_ID=3.18.0\n").Build();
        var l3 = new LayerBuilder().File("lib/apk/db/installed", "P:zlib\nV:1.2.13-r1\no:zlib\n\nP:musl\nV:1.2.4-r0\no:musl\n").Build();

        var inventory = await ReadAsync(l1, l2, l3);

        Assert.Equal("3.18.0", inventory.OperatingSystem?.VersionId);
        Assert.Equal(
            ["Alpine:v3.18 musl 1.2.4-r0", "Alpine:v3.18 zlib 1.2.13-r1"],
            inventory.Packages.Select(p => $"{p.Ecosystem} {p.Name} {p.Version}").Order(StringComparer.Ordinal));
        Assert.All(inventory.Packages, p => Assert.Equal(l3.Source.DiffId, p.LayerDiffId));
    }

    [Fact]
    public async Task Gzip_zstd_and_plain_tar_layers_are_read_alike_and_each_opened_once()
    {
        var gzip = new LayerBuilder().File("etc/os-release", DebianOsRelease).Build(LayerCompression.Gzip);
        var plain = new LayerBuilder().File("./var/lib/dpkg/status", Status(("bash", "5.2"))).Build(LayerCompression.None);
        var zstd = new LayerBuilder().File("/srv/app/Cargo.lock", "[[package]]\nname = \"time\"\nversion = \"0.1.45\"\nsource = \"registry+x\"\n")
            .Build(LayerCompression.Zstd);
        var (layers, content) = Support.Layers.Of(gzip, plain, zstd);

        var inventory = await new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);

        Assert.Equal(
            ["/srv/app/Cargo.lock time " + zstd.Source.DiffId, "/var/lib/dpkg/status bash " + plain.Source.DiffId],
            inventory.Packages.Select(p => $"{p.FilePath} {p.Name} {p.LayerDiffId}").Order(StringComparer.Ordinal));
        Assert.Equal("debian", inventory.OperatingSystem?.Id);
        Assert.All(layers, l => Assert.Equal(1, content.Opens[l.Digest]));
    }

    [Fact]
    public async Task A_missing_diff_id_is_computed_from_the_uncompressed_tar()
    {
        var built = new LayerBuilder().File("var/lib/dpkg/status", Status(("bash", "5.2"))).Build();
        var (_, content) = Support.Layers.Of(built);

        var inventory = await new PackageInventoryReader().ReadLayersAsync(
            [built.Source with { DiffId = null }], content, TestContext.Current.CancellationToken);

        Assert.Equal(built.Source.DiffId, Assert.Single(inventory.Packages).LayerDiffId);
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public async Task Long_names_are_read_in_pax_and_gnu_form(TarEntryFormat format)
    {
        var deep = "srv/" + string.Join('/', Enumerable.Repeat("very-long-folder-name", 8)) + "/node_modules/@scope/deep/package.json";
        var built = new LayerBuilder(format).File(deep, PackageJson("@scope/deep", "3.0.0")).Build();

        var package = Assert.Single((await ReadAsync(built)).Packages);

        Assert.Equal(("@scope/deep", "/" + deep), (package.Name, package.FilePath));
    }

    [Fact]
    public async Task An_oversized_file_is_skipped_and_noted_and_hides_the_lower_copy()
    {
        var l1 = new LayerBuilder().File("etc/os-release", DebianOsRelease).Build();
        var l2 = new LayerBuilder().File("etc/os-release", "ID=debian\n" + new string('#', 70 * 1024)).Build();

        var inventory = await ReadAsync(l1, l2);

        Assert.Null(inventory.OperatingSystem);
        Assert.Contains(inventory.Notes, n => n.Contains("/etc/os-release", StringComparison.Ordinal) && n.Contains("limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_application_package_json_is_not_a_dependency()
    {
        var built = new LayerBuilder()
            .File("app/package.json", PackageJson("my-app", "1.0.0"))
            .File("app/node_modules/.bin/package.json", PackageJson("bin", "1.0.0"))
            .File("app/node_modules/lodash/package.json", PackageJson("lodash", "4.17.11"))
            .File("app/node_modules/lodash/sub/package.json", PackageJson("lodash-sub", "1.0.0"))
            .Build();

        Assert.Equal("lodash", Assert.Single((await ReadAsync(built)).Packages).Name);
    }

    [Fact]
    public async Task A_layer_that_is_not_a_tar_fails_the_scan_clearly()
    {
        var garbage = new BuiltLayer(new LayerSource("sha256:bad", "application/vnd.oci.image.layer.v1.tar+gzip", 4, null), [0x1f, 0x8b, 0x00, 0x01, 0x02]);

        var failure = await Assert.ThrowsAsync<ScanFailedException>(() => ReadAsync(garbage));

        Assert.Contains("sha256:bad", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_tar_layer_media_type_is_skipped_with_a_note()
    {
        var config = new BuiltLayer(new LayerSource("sha256:json", "application/vnd.cyclonedx+json", 2, null), "{}"u8.ToArray());

        var inventory = await ReadAsync(config);

        Assert.Empty(inventory.Packages);
        Assert.Single(inventory.Notes);
    }

    private static Task<PackageInventory> ReadAsync(params BuiltLayer[] built)
    {
        var (layers, content) = Support.Layers.Of(built);
        return new PackageInventoryReader().ReadLayersAsync(layers, content, TestContext.Current.CancellationToken);
    }
}
