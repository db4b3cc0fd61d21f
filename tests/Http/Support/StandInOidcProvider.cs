using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A stand-in OpenID Connect provider on loopback (Kestrel on 127.0.0.1, a free port): the discovery document and
/// the JWKS of <see cref="Keys"/>, which tests swap to rotate keys. It counts the requests it serves, so tests can
/// see how often the registry asks. The issuer has a path, like Keycloak's realms, so discovery is found under it.
/// </summary>
public sealed class StandInOidcProvider : IAsyncDisposable
{
    private const string Realm = "/realms/test";
    private LoopbackStandInHost _host = null!;
    private int _discoveryRequests;
    private int _jwksRequests;

    public string Issuer => _host.BaseAddress.ToString().TrimEnd('/') + Realm;

    /// <summary>The published signing keys.</summary>
    public IReadOnlyList<TestSigningKey> Keys { get; set; } = [];

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>A URL under the provider whose discovery document names <see cref="Issuer"/>, not itself.</summary>
    public string MismatchedIssuerUrl => Issuer.Replace(Realm, "/mismatch", StringComparison.Ordinal);

    public static async Task<StandInOidcProvider> StartAsync()
    {
        var provider = new StandInOidcProvider();
        provider._host = await LoopbackStandInHost.StartAsync(app =>
        {
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
        });
        return provider;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private JsonObject Discovery() => new()
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/auth",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/certs",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256"),
    };
}
