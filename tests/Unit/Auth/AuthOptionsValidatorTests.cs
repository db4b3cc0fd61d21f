using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class AuthOptionsValidatorTests
{
    private readonly AuthOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid_and_match_harbor()
    {
        var options = new AuthOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenLifetime);
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("1.00:00:01")]
    public void Token_lifetime_outside_one_minute_to_one_day_fails(string lifetime)
    {
        var result = _validator.Validate(null, new AuthOptions { TokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Auth:TokenLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_lifetime_shorter_than_token_lifetime_fails()
    {
        var result = _validator.Validate(null, new AuthOptions { TokenLifetime = TimeSpan.FromHours(2), RefreshTokenLifetime = TimeSpan.FromHours(1) });

        Assert.True(result.Failed);
        Assert.Contains("RefreshTokenLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(LoginThrottleOptions.MaxFailuresPerUser))]
    [InlineData(nameof(LoginThrottleOptions.MaxFailuresPerAddress))]
    [InlineData(nameof(LoginThrottleOptions.Window))]
    [InlineData(nameof(LoginThrottleOptions.Lockout))]
    [InlineData(nameof(LoginThrottleOptions.MaxTrackedKeys))]
    public void Zero_throttle_setting_fails_naming_the_key(string setting)
    {
        var throttle = new LoginThrottleOptions();
        switch (setting)
        {
            case nameof(LoginThrottleOptions.MaxFailuresPerUser): throttle.MaxFailuresPerUser = 0; break;
            case nameof(LoginThrottleOptions.MaxFailuresPerAddress): throttle.MaxFailuresPerAddress = 0; break;
            case nameof(LoginThrottleOptions.Window): throttle.Window = TimeSpan.Zero; break;
            case nameof(LoginThrottleOptions.Lockout): throttle.Lockout = TimeSpan.Zero; break;
            default: throttle.MaxTrackedKeys = 0; break;
        }

        var result = _validator.Validate(null, new AuthOptions { LoginThrottle = throttle });

        Assert.True(result.Failed);
        Assert.Contains($"ArtifactKeeper:Auth:LoginThrottle:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_throttle_section_object_fails()
    {
        var result = _validator.Validate(null, new AuthOptions { LoginThrottle = null! });

        Assert.True(result.Failed);
    }
}
