using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Inventory.Detectors;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory;

public sealed class OsDetectionTests
{
    [Theory]
    [InlineData("debian", "12", "Debian:12")]
    [InlineData("debian", "12.11", "Debian:12")]
    [InlineData("debian", "", "Debian")]
    [InlineData("alpine", "3.18.0", "Alpine:v3.18")]
    [InlineData("alpine", "3.18", "Alpine:v3.18")]
    [InlineData("ubuntu", "22.04", "Ubuntu:22.04")]
    [InlineData("rhel", "8.6", "Red Hat")]
    [InlineData("rocky", "9.3", "Rocky Linux:9")]
    [InlineData("almalinux", "8.9", "AlmaLinux:8")]
    [InlineData("mariner", "2.0", "Mariner:2.0")]
    public void Ecosystem_names_follow_osv(string id, string version, string expected)
        => Assert.Equal(expected, OsEcosystems.For(id, version));

    [Fact]
    public void Os_release_values_are_unquoted()
    {
        var os = OsReleaseParser.Parse("# comment\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID='12'\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        Assert.Equal(new OperatingSystemInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)"), os);
    }

    [Fact]
    public void The_mariner_fixture_os_release_is_read()
    {
        var os = OsReleaseParser.Parse(SharedFixtures.Text("scanning/layers/rpm/etc/os-release"));
        Assert.Equal(new OperatingSystemInfo("mariner", "2.0", "CBL-Mariner/Linux"), os);
    }

    [Fact]
    public void Version_files_are_fallbacks_when_os_release_is_absent()
    {
        var files = new Dictionary<string, string>
        {
            [OperatingSystemDetector.AlpineRelease] = "3.18.4\n",
            [OperatingSystemDetector.DebianVersion] = "12.11\n",
        };
        Assert.Equal(new OperatingSystemInfo("alpine", "3.18.4", null), OperatingSystemDetector.Detect(files.GetValueOrDefault));

        files.Remove(OperatingSystemDetector.AlpineRelease);
        Assert.Equal("Debian:12", OsEcosystems.For("debian", OperatingSystemDetector.Detect(files.GetValueOrDefault)!.VersionId));

        files[OperatingSystemDetector.DebianVersion] = "trixie/sid\n";
        Assert.Equal("", OperatingSystemDetector.Detect(files.GetValueOrDefault)!.VersionId);

        files[OperatingSystemDetector.UsrLibOsRelease] = "ID=ubuntu\nVERSION_ID=\"22.04\"\n";
        Assert.Equal("ubuntu", OperatingSystemDetector.Detect(files.GetValueOrDefault)!.Id);
    }
}
