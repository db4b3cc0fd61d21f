using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Tests.Grain.Scanning;

/// <summary>An index scanned through the scan grain: its report is the merged findings of its image children.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class IndexScanTests(RegistryClusterFixture fixture)
{
    private const string OsRelease = "ID=debian\nVERSION_ID=\"12\"\n";

    [Fact]
    public async Task An_index_of_two_images_reports_the_findings_of_both_children_once_each()
    {
        var repository = TestContent.NewRepository("scanproj");
        // amd64 has curl and bash; arm64 has the same curl (one finding after merging) and zlib1g.
        var amd64 = await ScanImages.PushImageWithSizeAsync(fixture, repository, null, ScanImages.Layer(
            ("etc/os-release", OsRelease),
            ("var/lib/dpkg/status", Status(("curl", "7.88.1-10+deb12u1", null), ("bash", "5.2.15-2+b2", null))),
            ("marker", Guid.NewGuid().ToString())));
        var arm64 = await ScanImages.PushImageWithSizeAsync(fixture, repository, null, ScanImages.Layer(
            ("etc/os-release", OsRelease),
            ("var/lib/dpkg/status", Status(("curl", "7.88.1-10+deb12u1", null), ("zlib1g", "1:1.2.13.dfsg-1", "zlib"))),
            ("marker", Guid.NewGuid().ToString())));
        var index = Manifests.Index(
            Child(amd64, "amd64"),
            Child(arm64, "arm64"));
        var result = await fixture.Client.GetGrain<IRepositoryGrain>(repository)
            .PutManifestAsync(new PutManifestRequest("multi", ManifestMediaTypes.OciIndex, index));
        Assert.True(result.Succeeded, result.Message);
        var digest = result.Digest!;

        var grain = fixture.Client.GetGrain<IScanGrain>(digest);
        var started = await grain.RequestAsync(new ScanRequest(repository, ManifestMediaTypes.OciIndex, null, false, "alice"));
        var done = await WaitAsync(grain, started.ReportId);

        Assert.Equal(ScanStatus.Success, done.Status);
        var report = (await grain.GetLatestAsync(null))!.Report!;
        Assert.Equal(digest, report.ArtifactDigest);
        Assert.Equal(
            ["CVE-2023-38545 curl 7.88.1-10+deb12u1 Critical", "CVE-2023-45853 zlib1g 1:1.2.13.dfsg-1 High"],
            report.Vulnerabilities.Select(f => $"{f.Id} {f.Package} {f.Version} {f.Severity}").Order(StringComparer.Ordinal));
        Assert.Equal(VulnerabilitySeverity.Critical, report.Severity);
        var log = await fixture.Metadata.GetScanLogAsync(started.ReportId, CancellationToken.None);
        Assert.Contains("2 children, 2 findings after merging", log, StringComparison.Ordinal);
    }

    private static System.Text.Json.Nodes.JsonObject Child((string Digest, long Size) image, string architecture)
    {
        var descriptor = Manifests.Descriptor(ManifestMediaTypes.OciManifest, image.Digest, image.Size);
        descriptor["platform"] = new System.Text.Json.Nodes.JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
        return descriptor;
    }

    private static string Status(params (string Name, string Version, string? Source)[] packages) =>
        string.Concat(packages.Select(p =>
            $"Package: {p.Name}\nStatus: install ok installed\nArchitecture: amd64\n{(p.Source is null ? string.Empty : $"Source: {p.Source}\n")}Version: {p.Version}\n\n"));

    private static async Task<ScanState> WaitAsync(IScanGrain grain, string reportId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var state = await grain.GetStateAsync(reportId);
            if (state is { Status: not (ScanStatus.Pending or ScanStatus.Running) })
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, "the scan did not finish within a minute");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
