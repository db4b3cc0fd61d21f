using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Scanning.Events;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Scanning;

[Collection(RegistryClusterCollection.Name)]
public sealed class ScanGrainTests(RegistryClusterFixture fixture)
{
    private IScanGrain Grain(string digest) => fixture.Client.GetGrain<IScanGrain>(digest);

    private static ScanRequest Request(string repository, bool force = false) =>
        new(repository, ManifestMediaTypes.OciManifest, null, force, "alice");

    [Fact]
    public async Task Request_answers_at_once_and_the_scan_reports_the_image_findings()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushDebianAsync(fixture, repository);

        var started = await Grain(digest).RequestAsync(Request(repository));
        Assert.Contains(started.Status, new[] { ScanStatus.Pending, ScanStatus.Running, ScanStatus.Success });

        var done = await WaitAsync(digest, started.ReportId);
        Assert.Equal(ScanStatus.Success, done.Status);
        var result = await Grain(digest).GetLatestAsync(null);
        var report = result!.Report!;
        Assert.Equal(digest, report.ArtifactDigest);
        Assert.Equal(ScannerIdentity.BuiltIn, report.Scanner);
        Assert.Equal(fixture.SiloService<TestDatabaseProvider>().Current.Version, report.DatabaseVersion);
        Assert.Equal(
            ["CVE-2023-38545 curl 7.88.1-10+deb12u1 Debian:12", "CVE-2023-45853 zlib1g 1:1.2.13.dfsg-1 Debian:12"],
            report.Vulnerabilities.Select(f => $"{f.Id} {f.Package} {f.Version} {f.Ecosystem}").Order(StringComparer.Ordinal));
        Assert.Equal(VulnerabilitySeverity.Critical, report.Severity);
        Assert.All(report.Vulnerabilities, f => Assert.Equal("/var/lib/dpkg/status", f.PackagePath));

        var log = await fixture.Metadata.GetScanLogAsync(started.ReportId, CancellationToken.None);
        Assert.Contains("requested by alice", log);
        Assert.Contains("3 packages", log);
        Assert.Contains("2 findings", log);
    }

    [Fact]
    public async Task Repeat_request_with_the_same_database_version_answers_the_cached_report_unless_forced()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        var first = await WaitAsync(digest, (await Grain(digest).RequestAsync(Request(repository))).ReportId);

        var again = await Grain(digest).RequestAsync(Request(repository));
        Assert.Equal(first.ReportId, again.ReportId);
        Assert.Equal(ScanStatus.Success, again.Status);

        var forced = await Grain(digest).RequestAsync(Request(repository, force: true));
        Assert.NotEqual(first.ReportId, forced.ReportId);
        Assert.Equal(ScanStatus.Success, (await WaitAsync(digest, forced.ReportId)).Status);

        // The forced report replaced the first: one stored scan per scanner once it succeeded.
        var stored = await fixture.Metadata.ListScansOfAsync(digest, CancellationToken.None);
        Assert.Equal([forced.ReportId], stored.Select(s => s.Scan.ReportId));
    }

    [Fact]
    public async Task A_new_database_version_makes_the_cached_report_stale()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        var provider = fixture.SiloService<TestDatabaseProvider>();
        var first = await WaitAsync(digest, (await Grain(digest).RequestAsync(Request(repository))).ReportId);
        var before = provider.Current.Version;
        try
        {
            provider.Replace("test-" + Guid.NewGuid().ToString("N"), raise: false);
            var rescan = await Grain(digest).RequestAsync(Request(repository));
            Assert.NotEqual(first.ReportId, rescan.ReportId);
            var done = await WaitAsync(digest, rescan.ReportId);
            Assert.Equal(provider.Current.Version, done.DatabaseVersion);
        }
        finally
        {
            provider.Replace(before, raise: false);
        }
    }

    [Fact]
    public async Task The_grain_answers_while_a_scan_runs_and_stop_ends_it_as_Stopped()
    {
        var project = "gated" + Guid.NewGuid().ToString("N")[..8];
        var repository = TestContent.NewRepository(project);
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        var gated = new GatedScanner(fixture.SiloService<BuiltInScanner>());
        fixture.SiloService<ProjectScannerResolver>().Use(project, gated);

        var started = await Grain(digest).RequestAsync(Request(repository));
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var running = await Grain(digest).GetLatestAsync(null);
        Assert.Equal(ScanStatus.Running, running!.State.Status);
        Assert.Null(running.Report);
        Assert.Equal(started.ReportId, (await Grain(digest).RequestAsync(Request(repository))).ReportId);

        await Grain(digest).StopAsync();
        var stopped = await WaitAsync(digest, started.ReportId);
        Assert.Equal(ScanStatus.Stopped, stopped.Status);
        Assert.Contains("Stopped on request", await fixture.Metadata.GetScanLogAsync(started.ReportId, CancellationToken.None));
    }

    [Fact]
    public async Task An_unavailable_external_scanner_falls_back_to_the_built_in_scanner()
    {
        var project = "down" + Guid.NewGuid().ToString("N")[..8];
        var repository = TestContent.NewRepository(project);
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        fixture.SiloService<ProjectScannerResolver>().Use(project, new DownScanner());

        var started = await Grain(digest).RequestAsync(Request(repository));
        var done = await WaitAsync(digest, started.ReportId);

        Assert.Equal(ScanStatus.Success, done.Status);
        Assert.Equal(ScannerIdentity.BuiltIn, done.Scanner);
        Assert.Equal(2, (await Grain(digest).GetLatestAsync(null))!.Report!.Vulnerabilities.Count);
        Assert.Contains("falling back to the built-in scanner", await fixture.Metadata.GetScanLogAsync(started.ReportId, CancellationToken.None));
    }

    [Fact]
    public async Task A_chart_is_not_scannable_and_the_scan_ends_in_Error_with_the_reason()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushChartAsync(fixture, repository);
        var failures = new List<ScanEvent>();
        using var subscription = fixture.SiloService<ScanEventPublisher>().Subscribe(e =>
        {
            lock (failures)
            {
                failures.Add(e);
            }

            return Task.CompletedTask;
        });

        var started = await Grain(digest).RequestAsync(Request(repository));
        var done = await WaitAsync(digest, started.ReportId);

        Assert.Equal(ScanStatus.Error, done.Status);
        Assert.Contains("not scannable", done.Error);
        var overview = await fixture.Metadata.GetLatestScansAsync([digest], CancellationToken.None);
        Assert.Equal(ScanStatus.Error, Assert.Single(overview).Scan.Status);
        await WaitUntilAsync(() => { lock (failures) { return failures.Any(e => e.ReportId == started.ReportId); } });
        lock (failures)
        {
            var failed = failures.Single(e => e.ReportId == started.ReportId);
            Assert.Equal(ScanEvent.Failed, failed.Type);
            Assert.Equal(repository, failed.Repository);
            Assert.Equal("alice", failed.Operator);
        }
    }

    [Fact]
    public async Task Scans_and_reports_survive_a_deactivation()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        var done = await WaitAsync(digest, (await Grain(digest).RequestAsync(Request(repository))).ReportId);

        await fixture.ReactivateAsync(Grain(digest));

        var latest = await Grain(digest).GetLatestAsync(null);
        Assert.Equal(done.ReportId, latest!.State.ReportId);
        Assert.Equal(ScanStatus.Success, latest.State.Status);
        Assert.Equal(2, latest.Report!.Vulnerabilities.Count);
        Assert.Equal(done.ReportId, (await Grain(digest).RequestAsync(Request(repository))).ReportId);
    }

    [Fact]
    public async Task A_completed_scan_publishes_a_SCANNING_COMPLETED_event_with_its_figures()
    {
        var repository = TestContent.NewRepository("scanproj");
        var digest = await ScanImages.PushDebianAsync(fixture, repository);
        var events = new List<ScanEvent>();
        using var subscription = fixture.SiloService<ScanEventPublisher>().Subscribe(e =>
        {
            lock (events)
            {
                events.Add(e);
            }

            return Task.CompletedTask;
        });

        var started = await Grain(digest).RequestAsync(Request(repository));
        await WaitAsync(digest, started.ReportId);
        await WaitUntilAsync(() => { lock (events) { return events.Any(e => e.ReportId == started.ReportId); } });

        lock (events)
        {
            var completed = events.Single(e => e.ReportId == started.ReportId);
            Assert.Equal(ScanEvent.Completed, completed.Type);
            Assert.Equal(digest, completed.Digest);
            Assert.Equal("scanproj", completed.Namespace);
            Assert.Equal(VulnerabilitySeverity.Critical, completed.Severity);
            Assert.Equal(2, completed.Total);
            Assert.Equal(1, completed.Fixable);
        }
    }

    private async Task<ScanState> WaitAsync(string digest, string reportId)
    {
        ScanState? state = null;
        await WaitUntilAsync(async () =>
        {
            state = await Grain(digest).GetStateAsync(reportId);
            return state is { Status: not (ScanStatus.Pending or ScanStatus.Running) };
        });
        return state!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within a minute");
            await Task.Delay(25);
        }
    }
}
