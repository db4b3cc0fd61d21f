using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ArtifactKeeper.Bench;

/// <summary>
/// Sends HTTP Basic credentials and, when the registry answers with a Bearer challenge instead,
/// fetches one Docker token per repository (pull,push) and reuses it, as docker and skopeo do.
/// </summary>
internal sealed partial class RegistryAuthHandler(string? credentials) : DelegatingHandler(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 256,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    AllowAutoRedirect = true,
})
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly string? _basic = credentials is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_basic is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var scope = ScopeOf(request.RequestUri!);
        request.Headers.Authorization = scope is not null && _tokens.TryGetValue(scope, out var cached)
            ? new AuthenticationHeaderValue("Bearer", cached)
            : new AuthenticationHeaderValue("Basic", _basic);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || scope is null)
        {
            return response;
        }

        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase));
        if (challenge?.Parameter is null)
        {
            return response;
        }

        response.Dispose();
        var token = await FetchTokenAsync(challenge.Parameter, scope, cancellationToken);
        _tokens[scope] = token;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> FetchTokenAsync(string challenge, string scope, CancellationToken cancellationToken)
    {
        var parameters = ChallengeParameter().Matches(challenge).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        var realm = parameters.GetValueOrDefault("realm") ?? throw new InvalidOperationException("Bearer challenge without realm: " + challenge);
        var query = string.Create(CultureInfo.InvariantCulture,
            $"?service={Uri.EscapeDataString(parameters.GetValueOrDefault("service") ?? string.Empty)}&scope={Uri.EscapeDataString(scope)}");
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(realm + query));
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basic);
        using var response = await base.SendAsync(tokenRequest, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = document.RootElement;
        return (root.TryGetProperty("token", out var token) ? token.GetString() : root.GetProperty("access_token").GetString())
            ?? throw new InvalidOperationException("Empty token from " + realm);
    }

    /// <summary>repository:&lt;name&gt;:pull,push for /v2/&lt;name&gt;/(blobs|manifests|tags)/…</summary>
    private static string? ScopeOf(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var marker in new[] { "/blobs/", "/manifests/", "/tags/", "/referrers/" })
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at > 4)
            {
                return "repository:" + path[4..at] + ":pull,push";
            }
        }

        return null;
    }

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
