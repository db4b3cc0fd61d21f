using System.Net;
using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class LoginThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Office = IPAddress.Parse("198.51.100.20");

    private static LoginThrottle Create(int perUser = 3, int perAddress = 5) => new(new LoginThrottleOptions
    {
        MaxFailuresPerUser = perUser,
        MaxFailuresPerAddress = perAddress,
        Window = TimeSpan.FromMinutes(10),
        Lockout = TimeSpan.FromMinutes(5),
        MaxTrackedKeys = 100,
    });

    [Fact]
    public void User_is_locked_after_max_failures_from_any_address()
    {
        var throttle = Create();
        throttle.RecordFailure("alice", Attacker, Now);
        throttle.RecordFailure("alice", Office, Now);

        Assert.NotNull(throttle.RecordFailure("alice", IPAddress.Loopback, Now));

        Assert.Equal(TimeSpan.FromMinutes(5), throttle.RetryAfter("alice", IPAddress.IPv6Loopback, Now));
    }

    [Fact]
    public void Locked_user_does_not_affect_other_users_from_the_same_address()
    {
        var throttle = Create();
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure("alice", Office, Now);
        }

        Assert.NotNull(throttle.RetryAfter("alice", Office, Now));
        Assert.Null(throttle.RetryAfter("bob", Office, Now));
    }

    [Fact]
    public void Address_is_locked_after_spraying_usernames()
    {
        var throttle = Create();
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure("user" + i, Attacker, Now);
        }

        Assert.NotNull(throttle.RetryAfter("someone-else", Attacker, Now));
        Assert.Null(throttle.RetryAfter("someone-else", Office, Now));
    }

    [Fact]
    public void Success_resets_the_user_but_not_the_address()
    {
        var throttle = Create(perUser: 3, perAddress: 4);
        throttle.RecordFailure("alice", Office, Now);
        throttle.RecordFailure("alice", Office, Now);
        throttle.RecordSuccess("alice");

        Assert.Null(throttle.RecordFailure("alice", Office, Now));
        Assert.Null(throttle.RetryAfter("alice", Office, Now));
        // The address has now failed three times; one more locks it.
        Assert.NotNull(throttle.RecordFailure("bob", Office, Now));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_address_counts_as_the_ipv4_address()
    {
        var throttle = Create(perUser: 100, perAddress: 2);
        throttle.RecordFailure("a", Attacker, Now);
        throttle.RecordFailure("b", Attacker.MapToIPv6(), Now);

        Assert.NotNull(throttle.RetryAfter("c", Attacker, Now));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Address_key_is_the_ipv4_address_or_the_ipv6_slash_64(string address, string key)
    {
        Assert.Equal(key, LoginThrottle.KeyOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void Ipv6_client_rotating_addresses_inside_its_slash_64_is_one_client()
    {
        var throttle = Create(perUser: 100, perAddress: 3);
        for (var i = 1; i <= 3; i++)
        {
            throttle.RecordFailure("user" + i, IPAddress.Parse($"2001:db8:1:2::{i:x}"), Now);
        }

        Assert.NotNull(throttle.RetryAfter("someone", IPAddress.Parse("2001:db8:1:2:ffff::9"), Now));
        Assert.Null(throttle.RetryAfter("someone", IPAddress.Parse("2001:db8:1:3::1"), Now));
    }

    [Fact]
    public void Unknown_address_throttles_by_user_only()
    {
        var throttle = Create(perUser: 2, perAddress: 1);
        throttle.RecordFailure("alice", null, Now);

        Assert.Null(throttle.RetryAfter("bob", null, Now));
        Assert.NotNull(throttle.RecordFailure("alice", null, Now));
    }

    [Fact]
    public void RetryAfter_reports_the_longer_of_both_lockouts()
    {
        var throttle = Create(perUser: 1, perAddress: 1);
        throttle.RecordFailure("alice", Office, Now);
        throttle.RecordFailure("bob", Attacker, Now.AddMinutes(2));

        // alice's lock ends at +5 min, the attacker address's at +7 min.
        Assert.Equal(TimeSpan.FromMinutes(4), throttle.RetryAfter("alice", Attacker, Now.AddMinutes(3)));
    }

    [Fact]
    public void Disabled_throttle_never_refuses()
    {
        var throttle = new LoginThrottle(new LoginThrottleOptions { Enabled = false, MaxFailuresPerUser = 1 });
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(throttle.RecordFailure("alice", Attacker, Now));
        }

        Assert.Null(throttle.RetryAfter("alice", Attacker, Now));
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(300, 300)]
    public void Retry_after_header_rounds_up_to_whole_seconds(double seconds, int expected)
    {
        Assert.Equal(expected, LoginRefusals.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)));
    }
}
