using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A stand-in OpenID Connect provider on loopback (Kestrel on 127.0.0.1, a free port): the discovery document and
/// the JWKS of <see cref="Keys"/>, which tests swap to rotate keys. It counts the requests it serves, so tests can
/// see how often the registry asks. The issuer has a path, like Keycloak's realms, so discovery is found under it.
/// </summary>
public sealed class StandInOidcProvider : IAsyncDisposable
{
    private const string Realm = "/realms/test";
    private readonly WebApplication _app;
    private int _discoveryRequests;
    private int _jwksRequests;

    private StandInOidcProvider(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = string.Empty;

    /// <summary>The published signing keys.</summary>
    public IReadOnlyList<TestSigningKey> Keys { get; set; } = [];

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>A URL under the provider whose discovery document names <see cref="Issuer"/>, not itself.</summary>
    public string MismatchedIssuerUrl => Issuer.Replace(Realm, "/mismatch", StringComparison.Ordinal);

    public static async Task<StandInOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new StandInOidcProvider(app);
        app.MapGet(Realm + "/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref provider._discoveryRequests);
            return Results.Text(provider.Discovery().ToJsonString(), "application/json");
        });
        app.MapGet("/mismatch/.well-known/openid-configuration", () => Results.Text(provider.Discovery().ToJsonString(), "application/json"));
        app.MapGet(Realm + "/certs", () =>
        {
            Interlocked.Increment(ref provider._jwksRequests);
            return Results.Text(TestSigningKey.Jwks([.. provider.Keys]).ToJsonString(), "application/json");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = address.TrimEnd('/') + Realm;
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private JsonObject Discovery() => new()
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/auth",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/certs",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256"),
    };
}
