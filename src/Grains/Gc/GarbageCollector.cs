using System.Diagnostics;
using System.Threading.Channels;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Hosting.Background;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Gc;

/// <summary>
/// One mark-and-sweep pass. The store answers what looks collectable (never by activating every grain); every change
/// then goes through the grain that owns it: untagged manifests and stale links through their repository grain
/// (serialized with pushes there), deletes through each blob's grain with <see cref="IBlobGrain.TryBeginDeleteAsync"/>
/// (DESIGN invariant 4). Pushes and pulls never wait on it. A dry run walks the same queries and reports what the real
/// run would change, changing nothing. Every step is paced by a <see cref="BackgroundPacer"/>: while pushes and pulls are
/// served, the pass runs one step at a time and pauses between steps, so they keep their speed.
/// </summary>
public sealed class GarbageCollector(
    IGcMetadata marks,
    IBlobMetadata blobs,
    IBlobStore blobStore,
    IGrainFactory grains,
    ExpiredUploadSweeper uploads,
    ForegroundActivity foreground,
    IOptions<GcOptions> options,
    TimeProvider clock,
    ILogger<GarbageCollector> logger)
{
    private IGcMetadata Marks => marks;

    private IBlobMetadata Blobs => blobs;

    private IBlobStore BlobStore => blobStore;

    private IGrainFactory Grains => grains;

    private ExpiredUploadSweeper Uploads => uploads;

    private GcOptions Options => options.Value;

    private TimeProvider Clock => clock;

    private ILogger Logger => logger;

    /// <summary>The most expired uploads a dry run counts.</summary>
    private const int DryRunUploadCountLimit = 100_000;

    /// <summary>Runs one pass; <paramref name="checkpoint"/> receives the figures so far after each page of work.</summary>
    public async Task<GcFigures> RunAsync(GcParameters parameters, GcJournal journal, Func<GcFigures, Task> checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(checkpoint);

        // The pass's own grain calls are not load it should yield to.
        BackgroundWork.MarkCurrentFlow();
        using var pacer = new BackgroundPacer(foreground, Options.LoadShare, Options.QuietPeriod);
        var pass = new Pass(this, parameters, journal, checkpoint, pacer, cancellationToken);
        return await pass.RunAsync();
    }

    private sealed class Pass(
        GarbageCollector gc,
        GcParameters parameters,
        GcJournal journal,
        Func<GcFigures, Task> checkpoint,
        BackgroundPacer pacer,
        CancellationToken cancellationToken)
    {
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly GcTally _tally = new();
        private readonly TimeSpan _window = gc.Options.TimeWindow;
        private readonly DateTimeOffset _cutoff = gc.Clock.GetUtcNow() - gc.Options.TimeWindow;
        private readonly int _pageSize = gc.Options.PageSize;
        private readonly int _workers = Math.Clamp(parameters.Workers, GcParameters.MinWorkers, GcParameters.MaxWorkers);

        /// <summary>On a dry run, the links the real run would remove before its sweep.</summary>
        private readonly HashSet<BlobLink> _wouldUnlink = [];

        private bool DryRun => parameters.DryRun;

        private string Verb => DryRun ? "would delete" : "deleted";

        /// <summary>The verb after its object ("3 blobs would be deleted"), where <see cref="Verb"/> reads before it.</summary>
        private string Outcome => DryRun ? "would be deleted" : "deleted";

        /// <summary>Blob grain calls in flight within one paced step.</summary>
        private int CallsPerStep => gc.Options.CallsPerWorker;

        /// <summary>Tries at one page's byte delete before its blobs are left for the next run.</summary>
        private const int DeleteAttempts = 3;

        /// <summary>Repository grain calls in flight within one paced step (each covers many manifests or links).</summary>
        private const int RepositoriesPerStep = 4;

        /// <summary>Paced step kinds, with what one item costs on a small machine until measured.</summary>
        private static readonly StepKind Query = new("gc.query", TimeSpan.FromMilliseconds(5)),
            BlobCall = new("gc.blob-call", TimeSpan.FromMicroseconds(100)),
            RepositoryCall = new("gc.repository-call", TimeSpan.FromMilliseconds(2)),
            ByteDelete = new("gc.byte-delete", TimeSpan.FromMicroseconds(50)),
            BlobRead = new("gc.blob-read", TimeSpan.FromMicroseconds(50)),
            ListBytes = new("gc.list-bytes", TimeSpan.FromMicroseconds(20));

        public async Task<GcFigures> RunAsync()
        {
            var inventory = await gc.Marks.CountGcInventoryAsync(cancellationToken);
            _tally.Scanned(inventory.Blobs, inventory.Manifests);
            journal.Write(
                $"{(DryRun ? "Dry run" : "Run")}: {inventory.Blobs} blobs and {inventory.Manifests} manifests; window {_window} " +
                $"(nothing touched after {_cutoff:O} is collected); delete untagged: {parameters.DeleteUntagged}; workers: {_workers}");

            if (parameters.DeleteUntagged)
            {
                await CollectUntaggedAsync();
                await CheckpointAsync("Untagged manifests done");
            }

            await RepairMissingLinksAsync();
            await PruneStaleLinksAsync();
            await CheckpointAsync("Reference check done");

            if (DryRun)
            {
                await CountBlobsFreedByUnlinksAsync();
            }

            await SweepAsync();
            await CheckpointAsync("Sweep done");

            await SweepOrphanBytesAsync();

            var removed = DryRun
                ? await gc.Uploads.CountAsync(DryRunUploadCountLimit, cancellationToken)
                : await gc.Uploads.SweepAsync(cancellationToken);
            _tally.UploadsRemoved(removed);

            var figures = _tally.Snapshot(_elapsed.Elapsed);
            journal.Write(
                $"Finished in {_elapsed.Elapsed.TotalSeconds:F1} s: {figures.BlobsDeleted} blobs and {figures.ManifestsDeleted} manifests {Outcome}, " +
                $"{figures.BytesReclaimed} bytes {(DryRun ? "reclaimable" : "reclaimed")}; {figures.StaleLinksRemoved} stale links, " +
                $"{figures.MissingLinksRepaired} missing links, {figures.UploadsRemoved} expired uploads");
            return figures;
        }

        /// <summary>Untagged manifests, repository by repository, each judged by its own grain.</summary>
        private async Task CollectUntaggedAsync()
        {
            string? after = null;
            while (await Paced(() => gc.Marks.ListRepositoriesWithUntaggedAsync(_cutoff, after, _pageSize, cancellationToken)) is { Count: > 0 } repositories)
            {
                after = repositories[^1];
                await InStepsAsync(RepositoryCall, repositories, RepositoriesPerStep, async repository =>
                {
                    var collected = await gc.Grains.GetGrain<IRepositoryGcGrain>(repository).DeleteUntaggedAsync(_window, DryRun);
                    _tally.ManifestsDeleted(collected.Manifests.Count, collected.Manifests.Sum(m => m.Size));
                    foreach (var manifest in collected.Manifests)
                    {
                        journal.WriteItem("manifest", $"{Verb} untagged manifest {repository}@{manifest.Digest}");
                    }

                    RememberUnlinks(repository, collected.UnlinkedBlobs);
                });
                await CheckpointAsync(null);
            }
        }

        /// <summary>Drift one way: a manifest references a blob its repository has no link to. The link comes back.</summary>
        private async Task RepairMissingLinksAsync()
        {
            BlobLink? cursor = null;
            while (await Paced(() => gc.Marks.ListUnlinkedReferencesAsync(cursor, _pageSize, cancellationToken)) is { Count: > 0 } page)
            {
                cursor = page[^1];
                await InStepsAsync(BlobCall, page, CallsPerStep, async link =>
                {
                    if (DryRun)
                    {
                        _tally.MissingLinksRepaired(1);
                        journal.WriteItem("drift", $"would restore the missing link of {link.Digest} to {link.Repository}");
                        return;
                    }

                    if (await gc.Grains.GetGrain<IBlobGrain>(link.Digest).RestoreLinkAsync(link.Repository))
                    {
                        _tally.MissingLinksRepaired(1);
                        journal.WriteItem("drift", $"restored the missing link of {link.Digest} to {link.Repository}");
                    }
                    else
                    {
                        journal.WriteItem("lost", $"ERROR blob {link.Digest}, referenced by a manifest in {link.Repository}, is not present");
                        gc.Logger.LogError("Blob {Digest} referenced by a manifest in {Repository} is not present", link.Digest, link.Repository);
                    }
                });
            }
        }

        /// <summary>Drift the other way: links no manifest of the repository uses (abandoned pushes, old deletes).</summary>
        private async Task PruneStaleLinksAsync()
        {
            BlobLink? cursor = null;
            while (await Paced(() => gc.Marks.ListUnreferencedLinksAsync(_cutoff, cursor, _pageSize, cancellationToken)) is { Count: > 0 } page)
            {
                cursor = page[^1];
                var byRepository = page.GroupBy(l => l.Repository, StringComparer.Ordinal).ToList();
                await InStepsAsync(RepositoryCall, byRepository, RepositoriesPerStep, async group =>
                {
                    var digests = group.Select(l => l.Digest).ToList();
                    var pruned = await gc.Grains.GetGrain<IRepositoryGcGrain>(group.Key).PruneBlobLinksAsync(digests, _window, DryRun);
                    _tally.StaleLinksRemoved(pruned.Count);
                    foreach (var digest in pruned)
                    {
                        journal.WriteItem("link", $"{(DryRun ? "would remove" : "removed")} the unused link of {digest} to {group.Key}");
                    }

                    RememberUnlinks(group.Key, pruned);
                });
                await CheckpointAsync(null);
            }
        }

        /// <summary>
        /// Dry run only: blobs that still have links now, but none after the links the real run removes first. The
        /// real run finds them in its sweep query; the dry run, having removed nothing, must count them here.
        /// </summary>
        private async Task CountBlobsFreedByUnlinksAsync()
        {
            var digests = _wouldUnlink.Select(l => l.Digest).Distinct(StringComparer.Ordinal).ToList();
            await InStepsAsync(BlobRead, digests, CallsPerStep, async digest =>
            {
                var record = await gc.Blobs.GetBlobAsync(digest, cancellationToken);
                if (record is { State: BlobState.Present } && record.LastTouched < _cutoff &&
                    record.Repositories.All(repository => WouldUnlink(digest, repository)))
                {
                    _tally.BlobsDeleted(1, record.Size);
                    journal.WriteItem("blob", $"would delete blob {digest} ({record.Size} bytes)");
                }
            });
        }

        /// <summary>
        /// Blobs nothing links, in digest order: one reader pages ahead while the workers ask each blob's grain to begin
        /// its delete, remove the bytes of those that agreed in one batch, and let the grains finish.
        /// </summary>
        private async Task SweepAsync()
        {
            var pages = Channel.CreateBounded<IReadOnlyList<GcCandidate>>(_workers);
            var reader = Task.Run(
                async () =>
                {
                    try
                    {
                        string? after = null;
                        while (await Paced(() => gc.Marks.ListUnlinkedBlobsAsync(_cutoff, after, _pageSize, cancellationToken)) is { Count: > 0 } page)
                        {
                            after = page[^1].Digest;
                            await pages.Writer.WriteAsync(page, cancellationToken);
                        }

                        pages.Writer.Complete();
                    }
                    catch (Exception e)
                    {
                        pages.Writer.Complete(e);
                    }
                },
                cancellationToken);

            var workers = Enumerable.Range(0, _workers).Select(_ => Task.Run(
                async () =>
                {
                    await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
                    {
                        await (DryRun ? CountAsync(page) : DeleteAsync(page));
                        await CheckpointAsync(null);
                    }
                },
                cancellationToken)).ToList();
            await Task.WhenAll([reader, .. workers]);
        }

        /// <summary>
        /// Bytes in the blob store with no row at all (a process died between publishing an upload and writing its row):
        /// the store is listed page by page, the metadata store names the digests it knows, and each remaining one is
        /// judged by its own blob grain, which serializes the check with any publish of that digest and keeps bytes
        /// written within the window. Runs after the sweep, so a dry run and the real run see the same orphans.
        /// </summary>
        private async Task SweepOrphanBytesAsync()
        {
            long found = 0, bytes = 0;
            await using var listed = gc.BlobStore.ListAsync(null, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var more = true;
            while (more)
            {
                var page = new List<string>(_pageSize);
                await pacer.StepAsync(ListBytes, _pageSize, async () =>
                {
                    while (page.Count < _pageSize && (more = await listed.MoveNextAsync()))
                    {
                        page.Add(listed.Current);
                    }
                }, cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                var known = (await Paced(() => gc.Marks.ListKnownBlobsAsync(page, cancellationToken))).ToHashSet(StringComparer.Ordinal);
                var orphans = page.Where(digest => !known.Contains(digest)).ToList();
                await InStepsAsync(BlobCall, orphans, CallsPerStep, async digest =>
                {
                    var result = await gc.Grains.GetGrain<IBlobGrain>(digest).TryDeleteOrphanBytesAsync(_window, DryRun);
                    if (result.Outcome == DeleteOutcome.Deleted)
                    {
                        Interlocked.Increment(ref found);
                        Interlocked.Add(ref bytes, result.Size);
                        _tally.BlobsDeleted(1, result.Size);
                        journal.WriteItem("orphan", $"{Verb} orphaned bytes of {digest} ({result.Size} bytes, no metadata row)");
                    }
                });
            }

            await CheckpointAsync($"Orphan bytes done: {found} files without a metadata row {Outcome} ({bytes} bytes)");
        }

        private Task CountAsync(IReadOnlyList<GcCandidate> page)
        {
            foreach (var candidate in page)
            {
                _tally.BlobsDeleted(1, candidate.Size);
                journal.WriteItem("blob", $"would delete blob {candidate.Digest} ({candidate.Size} bytes)");
            }

            return Task.CompletedTask;
        }

        private async Task DeleteAsync(IReadOnlyList<GcCandidate> page)
        {
            var begun = new BeginDeleteResult[page.Count];
            await InStepsAsync(BlobCall, Enumerable.Range(0, page.Count).ToList(), CallsPerStep, async i =>
                begun[i] = await gc.Grains.GetGrain<IBlobGrain>(page[i].Digest).TryBeginDeleteAsync(_window));

            var deleting = page.Where((_, i) => begun[i].Outcome == DeleteOutcome.Deleted).Select(c => c.Digest).ToList();
            if (deleting.Count == 0)
            {
                return;
            }

            // The grains refuse links from here on; the bytes go in one batch, then each grain drops its row.
            if (!await TryDeleteBytesAsync(deleting))
            {
                return;
            }

            await InStepsAsync(BlobCall, deleting, CallsPerStep, async digest =>
                await gc.Grains.GetGrain<IBlobGrain>(digest).CompleteDeleteAsync());

            long bytes = 0;
            for (var i = 0; i < page.Count; i++)
            {
                if (begun[i].Outcome == DeleteOutcome.Deleted)
                {
                    bytes += begun[i].Size;
                    journal.WriteItem("blob", $"deleted blob {page[i].Digest} ({begun[i].Size} bytes)");
                }
            }

            _tally.BlobsDeleted(deleting.Count, bytes);
        }

        /// <summary>
        /// Deletes the bytes of a page, retrying a failed batch (an object store hiccup) twice. When it still fails the
        /// blobs stay Deleting: links are refused, and the next run, finding them, finishes their delete.
        /// </summary>
        private async Task<bool> TryDeleteBytesAsync(List<string> digests)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await pacer.StepAsync(ByteDelete, digests.Count, () => gc.BlobStore.DeleteManyAsync(digests, cancellationToken), cancellationToken);
                    return true;
                }
                catch (Exception e) when (e is not OperationCanceledException && attempt < DeleteAttempts)
                {
                    gc.Logger.LogWarning(e, "Deleting the bytes of {Count} blobs failed (attempt {Attempt}); retrying", digests.Count, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt * attempt), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    gc.Logger.LogError(e, "Deleting the bytes of {Count} blobs failed {Attempts} times; they stay Deleting until the next run", digests.Count, DeleteAttempts);
                    journal.Write($"ERROR deleting the bytes of {digests.Count} blobs failed {DeleteAttempts} times ({e.Message}); they stay Deleting and the next run finishes them");
                    return false;
                }
            }
        }

        /// <summary>A store query as one paced step.</summary>
        private Task<T> Paced<T>(Func<Task<T>> query) => pacer.StepAsync(Query, 1, query, cancellationToken);

        /// <summary>
        /// Calls <paramref name="call"/> for every item, <paramref name="perStep"/> at a time, each group one paced step.
        /// </summary>
        private async Task InStepsAsync<T>(StepKind kind, IReadOnlyList<T> items, int perStep, Func<T, Task> call)
        {
            for (var start = 0; start < items.Count; start += perStep)
            {
                var first = start;
                var count = Math.Min(perStep, items.Count - first);
                await pacer.StepAsync(kind, count, () => Task.WhenAll(Enumerable.Range(first, count).Select(i => call(items[i]))), cancellationToken);
            }
        }

        private void RememberUnlinks(string repository, IReadOnlyList<string> digests)
        {
            if (!DryRun || digests.Count == 0)
            {
                return;
            }

            lock (_wouldUnlink)
            {
                foreach (var digest in digests)
                {
                    _wouldUnlink.Add(new BlobLink(digest, repository));
                }
            }
        }

        private bool WouldUnlink(string digest, string repository)
        {
            lock (_wouldUnlink)
            {
                return _wouldUnlink.Contains(new BlobLink(digest, repository));
            }
        }

        private Task CheckpointAsync(string? message)
        {
            if (message is not null)
            {
                journal.Write(message);
            }

            return checkpoint(_tally.Snapshot(_elapsed.Elapsed));
        }
    }
}
