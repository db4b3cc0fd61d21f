using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Tests.Unit.Signing.Trust;

public sealed class VerdictCacheTests
{
    private static readonly IReadOnlyList<SignatureVerdict> Verified = [new(SignatureKind.Cosign, "sha256:s", true, "key", null, "verified")];

    [Fact]
    public void A_verdict_is_found_only_under_the_policy_version_it_was_reached_with()
    {
        var cache = new VerdictCache(8);
        cache.Put("p/r", "sha256:a", 1, Verified, cache.Generation);

        Assert.True(cache.TryGet("p/r", "sha256:a", 1, out var hit));
        Assert.Same(Verified, hit);
        Assert.False(cache.TryGet("p/r", "sha256:a", 2, out _));
        Assert.False(cache.TryGet("p/other", "sha256:a", 1, out _));
    }

    [Fact]
    public void Invalidate_forgets_one_artifact_and_keeps_the_others()
    {
        var cache = new VerdictCache(8);
        cache.Put("p/r", "sha256:a", 1, Verified, cache.Generation);
        cache.Put("p/r", "sha256:b", 1, Verified, cache.Generation);

        cache.Invalidate("p/r", "sha256:a");

        Assert.False(cache.TryGet("p/r", "sha256:a", 1, out _));
        Assert.True(cache.TryGet("p/r", "sha256:b", 1, out _));
    }

    [Fact]
    public void A_result_gathered_before_an_invalidation_is_not_stored()
    {
        var cache = new VerdictCache(8);
        var seen = cache.Generation;
        cache.Invalidate("p/r", "sha256:a");

        Assert.False(cache.Put("p/r", "sha256:a", 1, Verified, seen));
        Assert.False(cache.TryGet("p/r", "sha256:a", 1, out _));
    }

    [Fact]
    public void Capacity_evicts_the_least_recently_used()
    {
        var cache = new VerdictCache(2);
        cache.Put("p/r", "sha256:a", 1, Verified, cache.Generation);
        cache.Put("p/r", "sha256:b", 1, Verified, cache.Generation);
        Assert.True(cache.TryGet("p/r", "sha256:a", 1, out _));

        cache.Put("p/r", "sha256:c", 1, Verified, cache.Generation);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("p/r", "sha256:a", 1, out _));
        Assert.False(cache.TryGet("p/r", "sha256:b", 1, out _));
        Assert.True(cache.TryGet("p/r", "sha256:c", 1, out _));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var cache = new VerdictCache(4);
        cache.Put("p/r", "sha256:a", 1, Verified, cache.Generation);

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet("p/r", "sha256:a", 1, out _));
    }
}
