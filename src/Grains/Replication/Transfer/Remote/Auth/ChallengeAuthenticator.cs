using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Registry.Http;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>
/// Authenticates to a remote registry the way docker clients do: the first call goes out bare, and its 401 says how to
/// authenticate. <c>Basic</c> sends the credential from then on; <c>Bearer realm,service,scope</c> asks the realm for a
/// token (with the credential as Basic when there is one, anonymously otherwise), cached per scope set until it
/// expires. A 401 naming <c>insufficient_scope</c>, or a scope the call had not asked for, fetches a token for the
/// union. Tokens and credentials never reach a message or log.
/// </summary>
public sealed class ChallengeAuthenticator(HttpClient http, IRegistryCredentialSource credentials, TimeProvider clock, TimeSpan requestTimeout)
{
    // The distribution token spec: a token without expires_in lives 60 seconds.
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    // One session serves every task of an execution, each repository with its own scope set: past this many, start over
    // (a miss only costs a token request).
    private const int MaxCachedTokens = 1_000;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private volatile BearerChallenge? _bearer;
    private volatile bool _basic;

    /// <summary>The Authorization a request for <paramref name="scopes"/> carries, or null before any challenge.</summary>
    public async ValueTask<AuthenticationHeaderValue?> AuthorizationAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (_bearer is { } bearer)
        {
            var key = Key(scopes);
            if (!_tokens.TryGetValue(key, out var cached) || cached.ExpiresAt <= clock.GetUtcNow())
            {
                cached = await FetchTokenAsync(bearer, scopes, cancellationToken);
                Remember(key, cached);
            }

            return new AuthenticationHeaderValue("Bearer", cached.Token);
        }

        if (_basic && await credentials.GetAsync(cancellationToken) is { } credential)
        {
            return credential.Header();
        }

        return null;
    }

    /// <summary>
    /// Learns from a 401 how to authenticate and gets what it asks for; true when the request is worth sending again
    /// (once). False when the credential itself was refused or the challenge is one this client cannot answer.
    /// </summary>
    public async Task<bool> OnUnauthorizedAsync(HttpResponseMessage response, IReadOnlyList<string> scopes, bool hadAuthorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (BearerChallenge.Parse(response.Headers.WwwAuthenticate) is { } challenge)
        {
            var wanted = scopes.Union(challenge.Scopes, StringComparer.Ordinal).ToList();
            var key = Key(scopes);
            if (hadAuthorization && _bearer is not null && !challenge.InsufficientScope && wanted.Count == scopes.Count)
            {
                // The token for exactly these scopes was refused: a stale derived credential may be the cause.
                _tokens.TryRemove(key, out _);
                if (!credentials.Invalidate())
                {
                    return false;
                }
            }

            _bearer = challenge;
            Remember(key, await FetchTokenAsync(challenge, wanted, cancellationToken));
            return true;
        }

        if (BearerChallenge.HasBasic(response.Headers.WwwAuthenticate))
        {
            if (_basic && hadAuthorization && !credentials.Invalidate())
            {
                return false;
            }

            _basic = true;
            return await credentials.GetAsync(cancellationToken) is not null;
        }

        return false;
    }

    private async Task<CachedToken> FetchTokenAsync(BearerChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(challenge.Service));
        }

        query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
        var separator = challenge.Realm.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var url = new Uri(challenge.Realm + (query.Count == 0 ? string.Empty : separator + string.Join('&', query)));
        var operation = $"token request to {url.GetLeftPart(UriPartial.Path)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (await credentials.GetAsync(cancellationToken) is { } credential)
        {
            request.Headers.Authorization = credential.Header();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        var requested = clock.GetUtcNow();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await OciFailures.FromResponseAsync(response, operation, clock, cancellationToken);
                throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? new OciRegistryException($"the registry's token service refused the credential ({operation} answered {(int)response.StatusCode})", response.StatusCode, transient: false, failure.ErrorCode)
                    : failure;
            }

            var answer = await response.Content.ReadFromJsonAsync(TokenAnswerJson.Default.TokenAnswer, timeout.Token);
            var token = answer?.Token ?? answer?.AccessToken;
            if (string.IsNullOrEmpty(token))
            {
                throw new OciRegistryException($"{operation} sent no token", response.StatusCode, transient: false);
            }

            var lifetime = answer!.ExpiresIn is > 0 ? TimeSpan.FromSeconds(answer.ExpiresIn.Value) : DefaultTokenLifetime;

            // Renew a little early, so a token does not expire between being chosen and being checked.
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, lifetime.Ticks / 5));
            return new CachedToken(token, requested + lifetime - margin);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (JsonException)
        {
            throw new OciRegistryException($"{operation} answered something that is not a token", null, transient: false);
        }
    }

    private void Remember(string key, CachedToken token)
    {
        if (_tokens.Count >= MaxCachedTokens)
        {
            _tokens.Clear();
        }

        _tokens[key] = token;
    }

    private static string Key(IReadOnlyList<string> scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}

/// <summary>The token endpoint's answer (docker token spec; OAuth2 servers say <c>access_token</c>).</summary>
internal sealed record TokenAnswer(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn);

[JsonSerializable(typeof(TokenAnswer))]
internal sealed partial class TokenAnswerJson : JsonSerializerContext;
