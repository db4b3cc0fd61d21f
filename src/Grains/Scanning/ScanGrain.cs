using System.Globalization;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Scanning.Events;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// The scans of one artifact digest. A request answers at once (Pending, or the running or cached scan); the scan
/// itself runs off the grain's turn, so state queries and stops are answered while it runs. Reports are cached per
/// (digest, scanner, database version) in the metadata store, which also keeps each scan's state and log across
/// restarts. An unavailable external scanner falls back to the built-in one (logged as a warning).
/// </summary>
[GrainType("scan")]
public sealed class ScanGrain(
    IScanMetadata store,
    IScannerResolver resolver,
    BuiltInScanner builtIn,
    ScanThrottle throttle,
    IScanEventSink events,
    IOptions<ScanningOptions> options,
    TimeProvider clock,
    ILogger<ScanGrain> logger) : Grain, IScanGrain
{
    private readonly Dictionary<string, ActiveScan> _active = new(StringComparer.Ordinal);
    private List<ScanOverviewRow> _scans = [];
    private (string ReportId, VulnerabilityReport Report)? _lastReport;

    private string Digest => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Only this activation runs the digest's scans: one still open was left by a process that died.
        var failed = await store.FailUnfinishedScansAsync(Digest, "The scan was interrupted (process restart) before it finished.", clock.GetUtcNow(), cancellationToken);
        if (failed > 0)
        {
            logger.LogWarning("Marked {Count} unfinished scans of {Digest} as failed", failed, Digest);
        }

        _scans = [.. await store.ListScansOfAsync(Digest, cancellationToken)];
    }

    public async Task<ScanState> RequestAsync(ScanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Repository);
        var scanner = await ResolveAsync(request);
        var key = scanner.Identity.Name;
        if (_active.TryGetValue(key, out var running) && running.Record.Status is ScanStatus.Pending or ScanStatus.Running)
        {
            return ToState(running.Record);
        }

        if (!request.Force && await CurrentDatabaseVersionAsync(scanner) is { } version &&
            Latest(key) is { Status: ScanStatus.Success } cached && cached.DatabaseVersion == version)
        {
            return ToState(cached);
        }

        var record = new ScanRecord(
            Guid.NewGuid().ToString(), Digest, request.Repository, scanner.Identity, ScanStatus.Pending, null, clock.GetUtcNow(), null, null, request.RequestedBy);
        var journal = new ScanJournal(clock);
        journal.Write(string.Create(CultureInfo.InvariantCulture, $"Scan of {request.Repository}@{Digest} requested by {request.RequestedBy ?? "(system)"}{(request.Force ? " (forced)" : string.Empty)}"));
        await store.SaveScanAsync(record, CancellationToken.None);
        await store.AppendScanLogAsync(record.ReportId, journal.TakePending(), CancellationToken.None);
        var active = new ActiveScan(record, new CancellationTokenSource(), journal);
        _active[key] = active;
        _scans.Add(new ScanOverviewRow(record, null));
        DelayDeactivation(options.Value.ScanTimeout + TimeSpan.FromMinutes(1));
        _ = ExecuteAsync(key, active, scanner, new ScanSubject(request.Repository, Digest, request.MediaType));
        return ToState(record);
    }

    public async Task<ScanResult?> GetLatestAsync(string? scannerId)
    {
        if (LatestBy(scannerId) is not { } scan)
        {
            return null;
        }

        if (scan.Status != ScanStatus.Success)
        {
            return new ScanResult(ToState(scan), null);
        }

        if (_lastReport is not { } cached || cached.ReportId != scan.ReportId)
        {
            var stored = await store.GetScanReportAsync(scan.ReportId, CancellationToken.None);
            if (stored is null)
            {
                return new ScanResult(ToState(scan), null);
            }

            cached = (scan.ReportId, ScanReportCodec.Decode(stored));
            _lastReport = cached;
        }

        return new ScanResult(ToState(scan), cached.Report);
    }

    public Task<ScanState?> GetLatestStateAsync(string? scannerId) =>
        Task.FromResult(LatestBy(scannerId) is { } scan ? ToState(scan) : null);

    public Task<ScanState?> GetStateAsync(string reportId)
    {
        var scan = _scans.LastOrDefault(s => s.Scan.ReportId == reportId);
        return Task.FromResult(scan is null ? null : (ScanState?)ToState(Current(scan.Scan)));
    }

    public Task StopAsync()
    {
        foreach (var active in _active.Values)
        {
            active.Stop.Cancel();
        }

        return Task.CompletedTask;
    }

    private async Task<IVulnerabilityScanner> ResolveAsync(ScanRequest request)
    {
        try
        {
            return await resolver.ResolveAsync(RegistryKeys.ProjectOf(request.Repository), request.ScannerId, CancellationToken.None);
        }
        catch (ScannerUnavailableException e)
        {
            logger.LogWarning(e, "Scanner {ScannerId} is unavailable; scanning {Digest} with the built-in scanner", request.ScannerId ?? "(project default)", Digest);
            return builtIn;
        }
    }

    private static async Task<string?> CurrentDatabaseVersionAsync(IVulnerabilityScanner scanner)
    {
        if (scanner is not IScannerDatabaseVersion versioned)
        {
            return null;
        }

        try
        {
            return await versioned.GetDatabaseVersionAsync(CancellationToken.None);
        }
        catch (ScannerUnavailableException)
        {
            return null;
        }
    }

    private ScanRecord? LatestBy(string? scannerId) =>
        _scans.LastOrDefault(s => scannerId is null || string.Equals(s.Scan.Scanner.Name, scannerId, StringComparison.OrdinalIgnoreCase))?.Scan is { } scan
            ? Current(scan)
            : null;

    private ScanRecord? Latest(string scannerName) => _scans.LastOrDefault(s => s.Scan.Scanner.Name == scannerName)?.Scan is { } scan ? Current(scan) : null;

    /// <summary>A scan as it is now: a running one's live record, else the stored one.</summary>
    private ScanRecord Current(ScanRecord scan) =>
        _active.Values.FirstOrDefault(a => a.Record.ReportId == scan.ReportId)?.Record ?? scan;

    private async Task ExecuteAsync(string key, ActiveScan active, IVulnerabilityScanner scanner, ScanSubject subject)
    {
        // The scan runs on the thread pool: its reads, matching and store writes never hold this grain's turn.
        var outcome = await Task.Run(() => ScanAsync(active, scanner, subject), CancellationToken.None);
        // The stored rows are read before the live record is dropped, so no reader sees the scan go back to Pending.
        _scans = [.. await store.ListScansOfAsync(Digest, CancellationToken.None)];
        if (_active.TryGetValue(key, out var current) && ReferenceEquals(current, active))
        {
            _active.Remove(key);
        }

        active.Stop.Dispose();
        await PublishAsync(outcome);
    }

    private async Task<ScanOutcome> ScanAsync(ActiveScan active, IVulnerabilityScanner scanner, ScanSubject subject)
    {
        var journal = active.Journal;
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(active.Stop.Token);
        timeout.CancelAfter(settings.ScanTimeout);
        ScanRecord final;
        try
        {
            using (await throttle.EnterAsync(active.Stop.Token))
            {
                active.Record = active.Record with { Status = ScanStatus.Running };
                journal.Write($"Scanning with {scanner.Identity.Name} {scanner.Identity.Version} ({scanner.Identity.Vendor})");
                await SaveAsync(active);
                VulnerabilityReport report;
                using (ScanLogScope.Open(journal.Write))
                {
                    try
                    {
                        report = await scanner.ScanAsync(subject, timeout.Token);
                    }
                    catch (ScannerUnavailableException e) when (!ReferenceEquals(scanner, builtIn))
                    {
                        journal.Warn($"Scanner {scanner.Identity.Name} is unavailable ({e.Message}); falling back to the built-in scanner");
                        logger.LogWarning(e, "Scanner {Scanner} is unavailable; scanning {Digest} with the built-in scanner", scanner.Identity.Name, subject.Digest);
                        active.Record = active.Record with { Scanner = builtIn.Identity };
                        report = await builtIn.ScanAsync(subject, timeout.Token);
                    }
                }

                var summary = ScanSummaryCounts.Of(report);
                journal.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Scan finished against database {report.DatabaseVersion}: {summary.Total} findings ({summary.Fixable} fixable), severity {summary.Severity}"));
                // Persisted first, shown after: whoever sees the scan finished finds its report and log stored.
                var succeeded = active.Record with
                {
                    Status = ScanStatus.Success, DatabaseVersion = report.DatabaseVersion, EndedAt = clock.GetUtcNow(), Scanner = report.Scanner,
                };
                await store.CompleteScanAsync(succeeded, summary, ScanReportCodec.Encode(report), CancellationToken.None);
                await store.AppendScanLogAsync(succeeded.ReportId, journal.TakePending(), CancellationToken.None);
                active.Record = succeeded;
                return new ScanOutcome(succeeded, summary);
            }
        }
        catch (OperationCanceledException) when (active.Stop.IsCancellationRequested)
        {
            journal.Write("Stopped on request");
            final = active.Record with { Status = ScanStatus.Stopped, EndedAt = clock.GetUtcNow() };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var message = $"the scan took longer than {settings.ScanTimeout} and was stopped";
            journal.Error(message);
            final = active.Record with { Status = ScanStatus.Error, EndedAt = clock.GetUtcNow(), Error = message };
        }
        catch (Exception e)
        {
            journal.Error(e.Message);
            if (e is not ScanFailedException and not ScannerUnavailableException)
            {
                logger.LogError(e, "Scan {ReportId} of {Digest} failed", active.Record.ReportId, subject.Digest);
            }

            final = active.Record with { Status = ScanStatus.Error, EndedAt = clock.GetUtcNow(), Error = e.Message };
        }

        await store.SaveScanAsync(final, CancellationToken.None);
        await store.AppendScanLogAsync(final.ReportId, journal.TakePending(), CancellationToken.None);
        active.Record = final;
        return new ScanOutcome(final, null);
    }

    private async Task SaveAsync(ActiveScan active)
    {
        await store.SaveScanAsync(active.Record, CancellationToken.None);
        await store.AppendScanLogAsync(active.Record.ReportId, active.Journal.TakePending(), CancellationToken.None);
    }

    private async Task PublishAsync(ScanOutcome outcome)
    {
        var scan = outcome.Scan;
        var type = scan.Status switch
        {
            ScanStatus.Success => ScanEvent.Completed,
            ScanStatus.Stopped => ScanEvent.Stopped,
            _ => ScanEvent.Failed,
        };
        await events.PublishAsync(new ScanEvent(
            type, scan.EndedAt ?? clock.GetUtcNow(), scan.Requester, scan.Repository, scan.Digest, scan.ReportId, scan.Scanner, scan.Status,
            outcome.Summary?.Severity, outcome.Summary?.Total, outcome.Summary?.Fixable, scan.Error));
    }

    private static ScanState ToState(ScanRecord scan) =>
        new(scan.ReportId, scan.Digest, scan.Status, scan.Scanner, scan.DatabaseVersion, scan.StartedAt, scan.EndedAt, scan.Error);

    private sealed class ActiveScan(ScanRecord record, CancellationTokenSource stop, ScanJournal journal)
    {
        private ScanRecord _record = record;

        /// <summary>Written by the scan off the grain's turn, read on it.</summary>
        public ScanRecord Record
        {
            get => Volatile.Read(ref _record);
            set => Volatile.Write(ref _record, value);
        }

        public CancellationTokenSource Stop { get; } = stop;

        public ScanJournal Journal { get; } = journal;
    }

    private sealed record ScanOutcome(ScanRecord Scan, ScanSummaryCounts? Summary);
}
