using ArtifactKeeper.Replication.ProxyCache;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Replication.ProxyCache;

public sealed class ProxyCachePathsTests
{
    [Theory]
    [InlineData("hub", "hub/library/alpine", "library/alpine")]
    [InlineData("hub", "hub/alpine", "alpine")]
    [InlineData("hub", "hub/a/b/c", "a/b/c")]
    public void A_repository_of_the_project_maps_to_the_path_after_the_project(string project, string repository, string upstream)
    {
        Assert.Equal(upstream, ProxyCachePaths.UpstreamRepository(project, repository));
    }

    [Theory]
    [InlineData("hub", "hubx/alpine")]
    [InlineData("hub", "hub")]
    [InlineData("hub", "hub/")]
    [InlineData("hub", "other/hub/alpine")]
    public void A_repository_outside_the_project_maps_to_nothing(string project, string repository)
    {
        Assert.Null(ProxyCachePaths.UpstreamRepository(project, repository));
    }

    [Fact]
    public void Fetch_keys_separate_endpoints_and_kinds()
    {
        Assert.NotEqual(ProxyCachePaths.BlobFetchKey(1, "sha256:a"), ProxyCachePaths.BlobFetchKey(2, "sha256:a"));
        Assert.NotEqual(ProxyCachePaths.ManifestFetchKey(1, "r", "t"), ProxyCachePaths.ManifestFetchKey(1, "r", "u"));
        Assert.NotEqual(ProxyCachePaths.ManifestFetchKey(1, "r", "sha256:a"), ProxyCachePaths.BlobFetchKey(1, "sha256:a"));
    }
}

public sealed class ManifestFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    [Fact]
    public void Nothing_cached_is_fetched()
    {
        Assert.Equal(ManifestAction.Fetch, ManifestFreshness.Decide(false, null, new("sha256:a", Now, null), Now, Ttl));
        Assert.Equal(ManifestAction.Fetch, ManifestFreshness.Decide(true, null, null, Now, Ttl));
    }

    [Fact]
    public void A_cached_digest_is_served_without_asking_upstream_however_old()
    {
        Assert.Equal(ManifestAction.ServeLocal, ManifestFreshness.Decide(true, "sha256:a", null, Now, TimeSpan.Zero));
    }

    [Fact]
    public void A_tag_confirmed_within_the_ttl_is_served_and_after_it_revalidated()
    {
        Assert.Equal(ManifestAction.ServeLocal, ManifestFreshness.Decide(false, "sha256:a", new("sha256:a", Now - Ttl + TimeSpan.FromSeconds(1), null), Now, Ttl));
        Assert.Equal(ManifestAction.Revalidate, ManifestFreshness.Decide(false, "sha256:a", new("sha256:a", Now - Ttl, null), Now, Ttl));
    }

    [Fact]
    public void A_tag_never_confirmed_or_confirmed_for_another_digest_is_revalidated()
    {
        Assert.Equal(ManifestAction.Revalidate, ManifestFreshness.Decide(false, "sha256:a", null, Now, Ttl));
        Assert.Equal(ManifestAction.Revalidate, ManifestFreshness.Decide(false, "sha256:a", new("sha256:b", Now, null), Now, Ttl));
    }

    [Fact]
    public void With_harbors_zero_ttl_every_tag_pull_revalidates()
    {
        Assert.Equal(ManifestAction.Revalidate, ManifestFreshness.Decide(false, "sha256:a", new("sha256:a", Now, null), Now, TimeSpan.Zero));
    }
}

public sealed class ProxyFetchLeaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact]
    public void One_holder_at_a_time_until_it_releases()
    {
        var lease = new ProxyFetchLease();

        Assert.True(lease.TryAcquire("a", Now, Duration));
        Assert.False(lease.TryAcquire("b", Now.AddSeconds(1), Duration));
        Assert.True(lease.TryAcquire("a", Now.AddSeconds(1), Duration));
        Assert.False(lease.Release("b"));
        Assert.True(lease.IsHeld(Now.AddSeconds(2)));
        Assert.True(lease.Release("a"));
        Assert.False(lease.IsHeld(Now.AddSeconds(2)));
        Assert.True(lease.TryAcquire("b", Now.AddSeconds(2), Duration));
    }

    [Fact]
    public void An_expired_lease_goes_to_the_next_asker_and_its_old_holder_can_no_longer_renew()
    {
        var lease = new ProxyFetchLease();
        lease.TryAcquire("dead-gateway", Now, Duration);

        Assert.False(lease.IsHeld(Now + Duration));
        Assert.True(lease.TryAcquire("survivor", Now + Duration, Duration));
        Assert.False(lease.Renew("dead-gateway", Now + Duration, Duration));
        Assert.Equal("survivor", lease.Holder);
    }

    [Fact]
    public void Renewing_extends_the_holders_lease_and_a_released_lease_cannot_be_renewed()
    {
        var lease = new ProxyFetchLease();
        lease.TryAcquire("a", Now, Duration);

        Assert.True(lease.Renew("a", Now.AddSeconds(20), Duration));
        Assert.True(lease.IsHeld(Now.AddSeconds(45)));
        lease.Release("a");
        Assert.False(lease.Renew("a", Now.AddSeconds(46), Duration));
    }
}

public sealed class ProxyCacheRetentionTests
{
    [Fact]
    public void The_default_retains_what_was_pulled_within_7_days_in_every_repository_daily()
    {
        var policy = ProxyCacheRetention.DefaultPolicy(42);

        Assert.Equal(42, policy.ScopeReference);
        Assert.Equal(RetentionPolicy.ProjectScope, policy.ScopeLevel);
        Assert.Equal("0 0 0 * * *", policy.Trigger.Cron);
        var rule = Assert.Single(policy.Rules);
        Assert.Equal(RetentionVocabulary.NDaysSinceLastPull, rule.Template);
        Assert.Equal(RetentionVocabulary.RetainAction, rule.Action);
        Assert.Equal("7", rule.Parameters[RetentionVocabulary.NDaysSinceLastPull]);
        Assert.Equal("**", Assert.Single(rule.TagSelectors).Pattern);
        Assert.Equal("**", Assert.Single(rule.RepositorySelectors).Pattern);
        Assert.Equal(ArtifactKeeper.Registry.RegistryError.None, RetentionPolicyValidator.Validate(policy).Error);
    }
}

public sealed class ProxyCacheOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_a_negative_ttl_is_refused_naming_the_key()
    {
        var validator = new ProxyCacheOptionsValidator();

        Assert.True(validator.Validate(null, new ProxyCacheOptions()).Succeeded);
        var refused = validator.Validate(null, new ProxyCacheOptions { ManifestTtl = TimeSpan.FromSeconds(-1) });
        Assert.True(refused.Failed);
        Assert.Contains("ArtifactKeeper:ProxyCache:ManifestTtl", refused.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_cold_range_threshold_is_refused_naming_the_key_and_zero_is_allowed()
    {
        var validator = new ProxyCacheOptionsValidator();

        Assert.True(validator.Validate(null, new ProxyCacheOptions { ColdRangeThreshold = 0 }).Succeeded);
        var refused = validator.Validate(null, new ProxyCacheOptions { ColdRangeThreshold = -1 });
        Assert.True(refused.Failed);
        Assert.Contains("ArtifactKeeper:ProxyCache:ColdRangeThreshold", refused.FailureMessage, StringComparison.Ordinal);
    }
}
