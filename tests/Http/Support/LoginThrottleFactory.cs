using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>A registry with small login-throttle limits, so tests reach them in a few requests.</summary>
public sealed class LoginThrottleFactory : RegistryFactory
{
    public const int MaxFailuresPerUser = 3;
    public const int MaxFailuresPerAddress = 8;

    /// <summary>Every auth log event of this host, Information and up.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddProvider(Logs);
        logging.AddFilter("ArtifactKeeper.Auth", LogLevel.Information);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("ArtifactKeeper:Auth:LoginThrottle:MaxFailuresPerUser", MaxFailuresPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("ArtifactKeeper:Auth:LoginThrottle:MaxFailuresPerAddress", MaxFailuresPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("ArtifactKeeper:Auth:LoginThrottle:Window", "00:10:00"),
        new("ArtifactKeeper:Auth:LoginThrottle:Lockout", "00:05:00"),
    ];
}
