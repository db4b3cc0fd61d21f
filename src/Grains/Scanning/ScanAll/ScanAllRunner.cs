using ArtifactKeeper.Hosting;
using ArtifactKeeper.Hosting.Background;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.ScanAll;

/// <summary>
/// One scan-all pass: pages through the metadata store for images without a current built-in report (never the whole
/// registry at once), skips what is not an image, and scans at most <see cref="ScanningOptions.ScanAllConcurrency"/>
/// at a time through their scan grains, waiting for each to finish. It runs as background work, paced like GC: while
/// the registry serves pushes and pulls it keeps to <see cref="ScanningOptions.LoadShare"/> of the time.
/// </summary>
public sealed class ScanAllRunner(
    IScanMetadata store, BuiltInScanner builtIn, IGrainFactory grains, ForegroundActivity activity, IOptions<ScanningOptions> options)
{
    private static readonly StepKind ScanStep = new("scan-all.scan", TimeSpan.FromMilliseconds(200));
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    public async Task RunAsync(ScanAllProgress progress, string? requestedBy, bool onlyScanned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        BackgroundWork.MarkCurrentFlow();
        var settings = options.Value;
        using var pacer = new BackgroundPacer(activity, settings.LoadShare, settings.QuietPeriod);

        // Without a database version nothing is current, so every image is scanned.
        var version = await builtIn.GetDatabaseVersionAsync(cancellationToken) ?? string.Empty;
        ScanCandidate? after = null;
        while (true)
        {
            var page = await store.ListScanCandidatesAsync(after, settings.ScanAllPageSize, builtIn.Identity.Name, version, onlyScanned, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            after = page[^1];
            var images = page.Where(c => ScanTargetClassifier.Classify(c.MediaType, c.Content).IsImage).ToList();
            progress.Found(images.Count);
            await Parallel.ForEachAsync(
                images,
                new ParallelOptions { MaxDegreeOfParallelism = settings.ScanAllConcurrency, CancellationToken = cancellationToken },
                async (candidate, token) => await pacer.StepAsync(ScanStep, 1, () => ScanOneAsync(candidate, requestedBy, progress, token), token));
            if (page.Count < settings.ScanAllPageSize)
            {
                return;
            }
        }
    }

    private async Task ScanOneAsync(ScanCandidate candidate, string? requestedBy, ScanAllProgress progress, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IScanGrain>(candidate.Digest);
        var state = await grain.RequestAsync(new ScanRequest(candidate.Repository, candidate.MediaType, null, Force: false, requestedBy));
        var poll = TimeSpan.FromMilliseconds(20);
        try
        {
            while (state is { Status: ScanStatus.Pending or ScanStatus.Running })
            {
                await Task.Delay(poll, cancellationToken);
                poll = poll * 2 < MaxPoll ? poll * 2 : MaxPoll;
                state = await grain.GetStateAsync(state.ReportId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await grain.StopAsync();
            progress.Finished(ScanStatus.Stopped);
            throw;
        }

        progress.Finished(state?.Status ?? ScanStatus.Error);
    }
}
