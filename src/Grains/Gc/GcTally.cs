namespace ArtifactKeeper.Gc;

/// <summary>A run's running counts, safe to add to from parallel workers.</summary>
internal sealed class GcTally
{
    private long _blobsScanned, _blobsDeleted, _manifestsScanned, _manifestsDeleted, _bytes, _stale, _missing, _uploads;

    public void Scanned(long blobs, long manifests)
    {
        Interlocked.Exchange(ref _blobsScanned, blobs);
        Interlocked.Exchange(ref _manifestsScanned, manifests);
    }

    public void BlobsDeleted(long count, long bytes)
    {
        Interlocked.Add(ref _blobsDeleted, count);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void ManifestsDeleted(long count, long bytes)
    {
        Interlocked.Add(ref _manifestsDeleted, count);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void StaleLinksRemoved(long count) => Interlocked.Add(ref _stale, count);

    public void MissingLinksRepaired(long count) => Interlocked.Add(ref _missing, count);

    public void UploadsRemoved(long count) => Interlocked.Add(ref _uploads, count);

    public GcFigures Snapshot(TimeSpan elapsed) => new(
        Interlocked.Read(ref _blobsScanned),
        Interlocked.Read(ref _blobsDeleted),
        Interlocked.Read(ref _manifestsScanned),
        Interlocked.Read(ref _manifestsDeleted),
        Interlocked.Read(ref _bytes),
        Interlocked.Read(ref _stale),
        Interlocked.Read(ref _missing),
        Interlocked.Read(ref _uploads),
        (long)elapsed.TotalMilliseconds);
}
