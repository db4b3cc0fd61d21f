using ArtifactKeeper.Scanning.Inventory.Detectors;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

public sealed class DistroPackageDetectorTests
{
    [Fact]
    public void Dpkg_keeps_installed_stanzas_and_reads_source_with_and_without_version()
    {
        const string status = """
            Package: bsdutils
            Status: install ok installed
            Version: 1:2.38.1-5+b1
            Source: util-linux (2.38.1-5)
            Description: basic utilities
             continued description: with a colon

            Package: libssl3
            Status: install ok installed
            Source: openssl
            Version: 3.0.9-1

            Package: removed
            Status: deinstall ok config-files
            Version: 1.0

            Package: half
            Status: install ok half-installed
            Version: 1.0

            Package: held
            Status: hold ok installed
            Version: 2.0
            """;

        var packages = DpkgStatusParser.Parse(status.Replace("\r", "", StringComparison.Ordinal));

        Assert.Equal(
            ["bsdutils 1:2.38.1-5+b1 util-linux 2.38.1-5", "libssl3 3.0.9-1 openssl 3.0.9-1", "held 2.0 held 2.0"],
            packages.Select(p => $"{p.Name} {p.Version} {p.SourceName} {p.SourceVersion}"));
    }

    [Fact]
    public void Dpkg_status_fixture_has_56_installed_packages_with_openssh()
    {
        var packages = DpkgStatusParser.Parse(SharedFixtures.Text("scanning/layers/debian/var/lib/dpkg/status"));

        Assert.Equal(56, packages.Count);
        var ssh = Assert.Single(packages, p => p.Name == "openssh-client");
        Assert.Equal(("1:9.2p1-2+deb12u2", "openssh", "1:9.2p1-2+deb12u2"), (ssh.Version, ssh.SourceName, ssh.SourceVersion));
        Assert.Equal(7, packages.Count(p => p is { SourceName: "util-linux", SourceVersion: "2.38.1-5" }));
    }

    [Fact]
    public void Distroless_status_d_files_count_without_a_status_field()
    {
        var folder = SharedFixtures.Path("scanning/layers/distroless/var/lib/dpkg/status.d");
        var packages = Directory.GetFiles(folder)
            .Where(f => !f.EndsWith(".md5sums", StringComparison.Ordinal))
            .SelectMany(f => DpkgStatusParser.Parse(File.ReadAllText(f)))
            .Select(p => $"{p.Name} {p.Version} {p.SourceName}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["base-files 12.4+deb12u11 base-files", "libc6 2.36-9+deb12u3 glibc", "libssl3 3.0.9-1 openssl",
             "netbase 6.4 netbase", "tzdata 2025b-0+deb12u2 tzdata", "zlib1g 1:1.2.13.dfsg-1 zlib"],
            packages);
    }

    [Fact]
    public void Apk_reads_name_version_and_origin()
    {
        var packages = ApkInstalledParser.Parse(SharedFixtures.Text("scanning/layers/alpine/lib/apk/db/installed"));

        Assert.Equal(15, packages.Count);
        Assert.Equal(("3.1.0-r4", "openssl", "3.1.0-r4"), Assert.Single(packages, p => p.Name == "libssl3") is var p ? (p.Version, p.SourceName, p.SourceVersion) : default);
        Assert.Equal("libc-dev", Assert.Single(packages, p => p.Name == "libc-utils").SourceName);
    }

    [Fact]
    public void Apk_skips_records_without_a_version()
    {
        var packages = ApkInstalledParser.Parse(SharedFixtures.Text("scanning/layers/alpine-edge-cases/installed"));

        Assert.Equal(15, packages.Count);
        Assert.DoesNotContain(packages, p => p.Name == "invalidPackageWithoutAVersion");
        var test = Assert.Single(packages, p => p.Name == "test");
        Assert.Equal(("2.9.11_pre20061021-r2", "test-parent"), (test.Version, test.SourceName));
        Assert.Equal(2, packages.Count(p => p.SourceName == "openssl" && p.Version == "1.0.2h-r1"));
    }

    [Fact]
    public void Rpm_sqlite_database_yields_its_twenty_headers()
    {
        var packages = RpmDatabaseReader.ReadSqlite(SharedFixtures.Path("scanning/layers/rpm/var/lib/rpm/rpmdb.sqlite"));

        Assert.Equal(20, packages.Count);
        Assert.All(packages, p => Assert.Equal(DistroPlaceholders.Rpm, p.Ecosystem));
        string Row(string name) => Assert.Single(packages, p => p.Name == name) is var p ? $"{p.Version} {p.SourceName} {p.SourceVersion}" : "";
        Assert.Equal("5.1.8-1.cm2 bash 5.1.8-1.cm2", Row("bash"));
        Assert.Equal("1:2.0.0-1.cm2 ca-certificates 1:2.0.0-1.cm2", Row("ca-certificates-base"));
        Assert.Equal("7.76.0-6.cm2 curl 7.76.0-6.cm2", Row("curl-libs"));
        Assert.Equal("11.2.0-1.cm2 gcc 11.2.0-1.cm2", Row("libgcc"));
        Assert.Equal("1.1.1k-7.cm2 openssl 1.1.1k-7.cm2", Row("openssl-libs"));
    }

    [Fact]
    public void Rpm_berkeley_db_yields_its_one_header()
    {
        var packages = RpmDatabaseReader.ReadBerkeleyDb(SharedFixtures.Bytes("scanning/layers/rpm-bdb/var/lib/rpm/Packages"));

        var libuuid = Assert.Single(packages);
        Assert.Equal(("libuuid", "2.32.1-42.el8_8", "util-linux", "2.32.1-42.el8_8"),
            (libuuid.Name, libuuid.Version, libuuid.SourceName, libuuid.SourceVersion));
    }

    [Fact]
    public void Rpm_header_blob_is_parsed_from_its_index_and_store()
    {
        var blob = RpmBlob((1000, 6, "openssl-libs"u8.ToArray()), (1003, 4, [0, 0, 0, 1]), (1001, 6, "1.0.2k"u8.ToArray()),
            (1002, 6, "16.el7"u8.ToArray()), (1022, 6, "x86_64"u8.ToArray()), (1044, 6, "openssl-1.0.2k-16.el7.src.rpm"u8.ToArray()));

        var header = RpmHeaderParser.Parse(blob)!;

        Assert.Equal(("1:1.0.2k-16.el7", "openssl", "1:1.0.2k-16.el7", "x86_64"), (header.Evr, header.Source.Name, header.Source.Version, header.Arch));
        Assert.Throws<InvalidDataException>(() => RpmHeaderParser.Parse(blob.AsSpan(0, 20)));
    }

    private static byte[] RpmBlob(params (int Tag, int Type, byte[] Data)[] entries)
    {
        var index = new List<byte>();
        var store = new List<byte>();
        foreach (var (tag, type, data) in entries)
        {
            while (type == 4 && store.Count % 4 != 0)
                store.Add(0);
            index.AddRange(BigEndian(tag));
            index.AddRange(BigEndian(type));
            index.AddRange(BigEndian(store.Count));
            index.AddRange(BigEndian(1));
            store.AddRange(data);
            if (type == 6)
                store.Add(0);
        }

        return [.. BigEndian(entries.Length), .. BigEndian(store.Count), .. index, .. store];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
