using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Auth;

/// <summary>Rejects token lifetimes and throttle settings that would break clients or disable protection by accident.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    // The token spec: never hand out a token with less than 60 seconds to live.
    private static readonly TimeSpan MinTokenLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinRefreshLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRefreshLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan MaxThrottleSpan = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string throttle = AuthOptions.Section + ":LoginThrottle";
        var failures = new List<string>();
        Check(failures, options.TokenLifetime >= MinTokenLifetime && options.TokenLifetime <= MaxTokenLifetime,
            $"{AuthOptions.Section}:TokenLifetime must be between {MinTokenLifetime} and {MaxTokenLifetime}.");
        Check(failures, options.RefreshTokenLifetime >= MinRefreshLifetime && options.RefreshTokenLifetime <= MaxRefreshLifetime,
            $"{AuthOptions.Section}:RefreshTokenLifetime must be between {MinRefreshLifetime} and {MaxRefreshLifetime}.");
        Check(failures, options.RefreshTokenLifetime >= options.TokenLifetime,
            $"{AuthOptions.Section}:RefreshTokenLifetime must not be shorter than TokenLifetime.");

        var login = options.LoginThrottle;
        if (login is null)
        {
            failures.Add($"{throttle} is required.");
            return ValidateOptionsResult.Fail(failures);
        }

        Check(failures, login.MaxFailuresPerUser is >= 1 and <= 1000, $"{throttle}:MaxFailuresPerUser must be between 1 and 1000.");
        Check(failures, login.MaxFailuresPerAddress is >= 1 and <= 100_000, $"{throttle}:MaxFailuresPerAddress must be between 1 and 100000.");
        Check(failures, login.Window > TimeSpan.Zero && login.Window <= MaxThrottleSpan, $"{throttle}:Window must be above zero and at most {MaxThrottleSpan}.");
        Check(failures, login.Lockout > TimeSpan.Zero && login.Lockout <= MaxThrottleSpan, $"{throttle}:Lockout must be above zero and at most {MaxThrottleSpan}.");
        Check(failures, login.MaxTrackedKeys is >= 16 and <= 10_000_000, $"{throttle}:MaxTrackedKeys must be between 16 and 10000000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }
}
