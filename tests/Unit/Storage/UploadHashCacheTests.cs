using System.Security.Cryptography;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Tests.Unit.Storage;

public sealed class UploadHashCacheTests
{
    [Fact]
    public void Take_at_matching_offset_returns_the_stored_hash()
    {
        using var cache = new UploadHashCache();
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        cache.Return("u", hash, 10);

        Assert.Same(hash, cache.Take("u", 10));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Take_at_other_offset_drops_the_entry()
    {
        using var cache = new UploadHashCache();
        cache.Return("u", IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 10);

        Assert.Null(cache.Take("u", 5));
        Assert.Null(cache.Take("u", 10));
    }

    [Fact]
    public void Entries_idle_past_the_timeout_are_evicted_on_a_later_return()
    {
        var time = new ManualTime();
        using var cache = new UploadHashCache(time, TimeSpan.FromHours(1), capacity: 100);
        cache.Return("old", IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 1);

        time.Advance(TimeSpan.FromMinutes(61));
        cache.Return("new", IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 1);

        Assert.Null(cache.Take("old", 1));
        Assert.NotNull(cache.Take("new", 1));
    }

    [Fact]
    public void Count_never_exceeds_capacity_and_oldest_go_first()
    {
        var time = new ManualTime();
        using var cache = new UploadHashCache(time, TimeSpan.FromHours(1), capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            cache.Return($"u{i}", IncrementalHash.CreateHash(HashAlgorithmName.SHA256), i);
        }

        Assert.Equal(3, cache.Count);
        Assert.NotNull(cache.Take("u9", 9));
        Assert.Null(cache.Take("u0", 0));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
