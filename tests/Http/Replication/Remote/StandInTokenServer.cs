using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// A docker token server on loopback, as GitHub's, Quay's or Harbor's token services behave: <c>GET /token?service=…
/// &amp;scope=…</c> with the account's Basic credentials answers a JWT granting the scopes asked for (less when <see cref="GrantOnlyPull"/> says so), signed
/// with an RSA key whose self-signed certificate (<see cref="CertificatePath"/>) the registry trusts; the certificate
/// travels in the token's <c>x5c</c> header. Wrong or missing credentials get 401. It records the scopes requested.
/// </summary>
public sealed class StandInTokenServer : IAsyncDisposable
{
    public const string Service = "loopback-registry";
    public const string Issuer = "loopback-token-issuer";
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly List<string> _requests = [];
    private readonly Dictionary<string, int> _pullOnly = new(StringComparer.Ordinal);

    private LoopbackStandInHost _host = null!;

    private StandInTokenServer(string directory)
    {
        var request = new CertificateRequest("CN=loopback token signer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePath = Path.Combine(directory, "token-signer.pem");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem() + "\n");
    }

    public string Username { get; } = "robot$replicator";

    public string Password { get; } = "Tk-" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>The PEM file of the signing certificate, for the registry's <c>rootcertbundle</c>.</summary>
    public string CertificatePath { get; }

    public string Realm => new Uri(_host.BaseAddress, "token").ToString();

    /// <summary>The scope sets of the tokens issued so far (space-joined), in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> tokens asked for more than <c>pull</c> on <paramref name="repository"/> grant
    /// only <c>pull</c> there, as a token service does when the account lacks push rights (or narrows what it grants).
    /// </summary>
    public void GrantOnlyPull(string repository, int times)
    {
        lock (_requests)
        {
            _pullOnly[repository] = times;
        }
    }

    public static async Task<StandInTokenServer> StartAsync(string directory)
    {
        var server = new StandInTokenServer(directory);
        server._host = await LoopbackStandInHost.StartAsync(app => app.MapGet("/token", server.Issue));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }

    private IResult Issue(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password));
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
        {
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "bad credentials" } } }, statusCode: 401);
        }

        if (!string.Equals(context.Request.Query["service"], Service, StringComparison.Ordinal))
        {
            return Results.BadRequest();
        }

        var scopes = context.Request.Query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        lock (_requests)
        {
            _requests.Add(string.Join(' ', scopes));
        }

        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            if (first < 0 || last == first)
            {
                continue;
            }

            var name = scope[(first + 1)..last];
            var actions = scope[(last + 1)..].Split(',');
            if (actions.Any(a => a != "pull") && TakePullOnly(name))
            {
                actions = ["pull"];
            }

            access.Add(new JsonObject
            {
                ["type"] = scope[..first],
                ["name"] = name,
                ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)JsonValue.Create(a)!)]),
            });
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = Username,
            ["aud"] = Service,
            ["iat"] = now,
            ["nbf"] = now - 60,
            ["exp"] = now + 300,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var header = new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = input + "." + B64(signature);

        // Half the token services answer "token", the other half (OAuth2 style) "access_token": send only the latter.
        return Results.Json(new { access_token = token, expires_in = 300 });
    }

    private bool TakePullOnly(string repository)
    {
        lock (_requests)
        {
            if (!_pullOnly.TryGetValue(repository, out var left) || left <= 0)
            {
                return false;
            }

            _pullOnly[repository] = left - 1;
            return true;
        }
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
