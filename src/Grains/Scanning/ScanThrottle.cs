using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning;

/// <summary>Bounds the scans running at once on this silo (<see cref="ScanningOptions.MaxConcurrentScans"/>); the others wait as Pending.</summary>
public sealed class ScanThrottle(IOptions<ScanningOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentScans, options.Value.MaxConcurrentScans);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
