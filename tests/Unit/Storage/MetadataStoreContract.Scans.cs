using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Scans and their reports, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static ScanRecord Scan(string reportId, string digest, ScanStatus status, string? database = null) =>
        new(reportId, digest, "scans/app", ScannerIdentity.BuiltIn, status, database, T0, status is ScanStatus.Pending or ScanStatus.Running ? null : T0.AddSeconds(5), null, "alice");

    [Fact]
    public async Task A_completed_scan_keeps_its_summary_report_and_log_and_replaces_older_scans_of_its_scanner()
    {
        var store = await StoreAsync();
        var digest = "sha256:" + new string('1', 64);
        await store.SaveScanAsync(Scan("r1", digest, ScanStatus.Pending), Ct);
        await store.AppendScanLogAsync("r1", "one\n", Ct);
        await store.AppendScanLogAsync("r1", "two\n", Ct);
        await store.SaveScanAsync(Scan("r2", digest, ScanStatus.Running), Ct);
        var summary = new ScanSummaryCounts(VulnerabilitySeverity.High, 3, 1, new Dictionary<VulnerabilitySeverity, int> { [VulnerabilitySeverity.High] = 1, [VulnerabilitySeverity.Low] = 2 });

        await store.CompleteScanAsync(Scan("r2", digest, ScanStatus.Success, "db-1"), summary, [1, 2, 3], Ct);
        var reopened = await CreateStoreAsync();

        var scans = await reopened.ListScansOfAsync(digest, Ct);
        var only = Assert.Single(scans);
        Assert.Equal(Scan("r2", digest, ScanStatus.Success, "db-1"), only.Scan);
        Assert.Equal((VulnerabilitySeverity.High, 3, 1), (only.Summary!.Severity, only.Summary.Total, only.Summary.Fixable));
        Assert.Equal(2, only.Summary.BySeverity[VulnerabilitySeverity.Low]);
        Assert.Equal(new byte[] { 1, 2, 3 }, await reopened.GetScanReportAsync("r2", Ct));
        Assert.Null(await reopened.GetScanLogAsync("r1", Ct));
        Assert.Null(await reopened.GetScanReportAsync("nope", Ct));
    }

    [Fact]
    public async Task GetLatestScans_answers_the_newest_scan_of_each_scanned_digest_in_one_query()
    {
        var store = await StoreAsync();
        var a = "sha256:" + new string('a', 64);
        var b = "sha256:" + new string('b', 64);
        await store.SaveScanAsync(Scan("a1", a, ScanStatus.Error), Ct);
        await store.SaveScanAsync(Scan("a2", a, ScanStatus.Running), Ct);
        await store.SaveScanAsync(Scan("b1", b, ScanStatus.Pending), Ct);
        await store.AppendScanLogAsync("b1", "started\n", Ct);

        var latest = await store.GetLatestScansAsync([a, b, "sha256:" + new string('c', 64)], Ct);

        Assert.Equal(["a2", "b1"], latest.Select(s => s.Scan.ReportId).Order(StringComparer.Ordinal));
        Assert.All(latest, s => Assert.Null(s.Summary));
        Assert.Equal("started\n", await store.GetScanLogAsync("b1", Ct));

        Assert.Equal(1, await store.FailUnfinishedScansAsync(a, "restart", T0.AddMinutes(1), Ct));
        var failed = (await store.GetScanAsync("a2", Ct))!.Scan;
        Assert.Equal((ScanStatus.Error, "restart", T0.AddMinutes(1)), (failed.Status, failed.Error, failed.EndedAt));
        Assert.Equal(ScanStatus.Pending, (await store.GetScanAsync("b1", Ct))!.Scan.Status);
    }
}
