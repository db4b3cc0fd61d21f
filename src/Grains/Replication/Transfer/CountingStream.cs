namespace ArtifactKeeper.Replication.Transfer;

/// <summary>Counts the bytes read through it and tells <c>onRead</c> after each read (progress, the copy's byte count).</summary>
public sealed class CountingStream(Stream inner, Action<int>? onRead = null) : ObservedReadStream(inner)
{
    public long BytesRead { get; private set; }

    protected override ValueTask OnReadAsync(int bytes, CancellationToken cancellationToken)
    {
        if (bytes > 0)
        {
            BytesRead += bytes;
            onRead?.Invoke(bytes);
        }

        return ValueTask.CompletedTask;
    }
}
