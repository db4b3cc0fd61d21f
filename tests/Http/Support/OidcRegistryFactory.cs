using System.Globalization;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A registry in OIDC mode against a <see cref="StandInOidcProvider"/>, with auto-onboarding, the username from
/// <c>preferred_username</c>, groups from <c>groups</c> and <see cref="AdminGroup"/> as the admin group. Its clock
/// is a <see cref="ManualClock"/> so key refresh intervals pass without waiting.
/// </summary>
public sealed class OidcRegistryFactory : RegistryFactory, IAsyncLifetime
{
    public const string ClientId = "artifactkeeper-tests";
    public const string ClientSecret = "Client-Secret-Never-Logged-7";
    public const string AdminGroup = "registry-admins";
    public const int MaxFailuresPerUser = 3;

    public StandInOidcProvider Provider { get; private set; } = null!;

    public TestSigningKey RsaKey { get; } = TestSigningKey.Rsa("rsa-" + Guid.NewGuid().ToString("N")[..6]);

    public TestSigningKey EcKey { get; } = TestSigningKey.Ec("ec-" + Guid.NewGuid().ToString("N")[..6]);

    public ManualClock Clock { get; } = new();

    public LogCapture Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Provider = await StandInOidcProvider.StartAsync();
        Provider.Keys = [RsaKey, EcKey];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
        RsaKey.Dispose();
        EcKey.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>ID token claims for a user of the stand-in provider, valid for five minutes from the registry's clock.</summary>
    public JsonObject Claims(string subject, string? username, params string[] groups)
    {
        var claims = TestSigningKey.Claims(Provider.Issuer, ClientId, subject, Clock.GetUtcNow());
        if (username is not null)
        {
            claims["preferred_username"] = username;
        }

        claims["groups"] = new JsonArray(groups.Select(g => (JsonNode)g).ToArray());
        return claims;
    }

    /// <summary>An RS256 ID token the provider would issue.</summary>
    public string IdToken(string subject, string? username, params string[] groups) => RsaKey.Sign(Claims(subject, username, groups));

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(Logs);

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("ArtifactKeeper:Auth:Mode", "Oidc"),
        new("ArtifactKeeper:Auth:LoginThrottle:MaxFailuresPerUser", MaxFailuresPerUser.ToString(CultureInfo.InvariantCulture)),
        new("ArtifactKeeper:Oidc:Name", "stand-in"),
        new("ArtifactKeeper:Oidc:Endpoint", Provider.Issuer),
        new("ArtifactKeeper:Oidc:ClientId", ClientId),
        new("ArtifactKeeper:Oidc:ClientSecret", ClientSecret),
        new("ArtifactKeeper:Oidc:GroupsClaim", "groups"),
        new("ArtifactKeeper:Oidc:AdminGroup", AdminGroup),
        new("ArtifactKeeper:Oidc:UserClaim", "preferred_username"),
        new("ArtifactKeeper:Oidc:AutoOnboard", "true"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.UseManualClock(Clock));
    }
}
