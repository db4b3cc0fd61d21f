using System.Net;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// One remote registry's HTTP session: sends distribution API requests with the authentication the registry asked for
/// (<see cref="ChallengeAuthenticator"/>), answers a challenge (and then one <c>insufficient_scope</c>), follows blob redirects (to storage on other hosts without
/// the Authorization), and turns transport failures into <see cref="OciRegistryException"/>. Status handling beyond 401
/// is the caller's.
/// </summary>
public sealed class RegistryConnection(
    HttpClient http, Uri registry, ChallengeAuthenticator authenticator, IRegistryCredentialSource credentials,
    RemoteRegistryOptions options, TimeProvider clock)
{
    private const int MaxRedirects = 5;

    /// <summary>The registry's root (scheme and authority); <c>/v2/…</c> paths resolve against it.</summary>
    public Uri Registry { get; } = registry;

    public HttpClient Http => http;

    public RemoteRegistryOptions Options => options;

    public TimeProvider Clock => clock;

    public Uri V2(string pathAndQuery) => new(Registry, "/v2/" + pathAndQuery);

    /// <summary>
    /// Sends the request <paramref name="create"/> builds, authenticated for <paramref name="scopes"/>. A 401 is answered
    /// and the request sent again, when <paramref name="create"/> can build it again (<paramref name="replayable"/>:
    /// no one-shot body): once, or twice when the first try went out bare and its token then proved too narrow. <paramref name="bounded"/> applies <see cref="RemoteRegistryOptions.RequestTimeout"/> up to the
    /// answer's headers (blob bodies are bounded by the caller).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> create, IReadOnlyList<string> scopes, string operation, CancellationToken cancellationToken,
        bool replayable = true, bool bounded = true, bool followRedirects = false)
    {
        var (response, hadAuthorization) = await SendOnceAsync(create(), scopes, operation, bounded, followRedirects, cancellationToken);

        // A bare request's challenge says how to authenticate; the token that earns may still be too narrow (a token
        // service may grant less than asked), which the registry answers with insufficient_scope. So a bare request
        // gets two answered 401s, an authenticated one a single one: a token is widened once, never in a loop.
        var rounds = hadAuthorization ? 1 : 2;
        while (replayable && rounds-- > 0 && response.StatusCode == HttpStatusCode.Unauthorized)
        {
            bool retry;
            try
            {
                retry = await authenticator.OnUnauthorizedAsync(response, scopes, hadAuthorization, cancellationToken);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            if (!retry)
            {
                return response;
            }

            response.Dispose();
            (response, hadAuthorization) = await SendOnceAsync(create(), scopes, operation, bounded, followRedirects, cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// A call to the registry product's own REST API (Harbor's <c>/api/v2.0</c>, Hub's listing), which takes the
    /// credential as Basic directly rather than by challenge. <paramref name="basic"/> false sends the request as it is
    /// (APIs that take only their own tokens, anonymous when there is none).
    /// </summary>
    public async Task<HttpResponseMessage> SendApiAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken, bool basic = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (basic && request.Headers.Authorization is null && await credentials.GetAsync(cancellationToken) is { } credential)
        {
            request.Headers.Authorization = credential.Header();
        }

        return await TransmitAsync(request, operation, bounded: true, cancellationToken);
    }

    /// <summary>The exception for an unexpected answer (disposes nothing: the caller owns the response).</summary>
    public Task<OciRegistryException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken) =>
        OciFailures.FromResponseAsync(response, operation, clock, cancellationToken);

    private async Task<(HttpResponseMessage Response, bool HadAuthorization)> SendOnceAsync(
        HttpRequestMessage request, IReadOnlyList<string> scopes, string operation, bool bounded, bool followRedirects, CancellationToken cancellationToken)
    {
        var authorization = await authenticator.AuthorizationAsync(scopes, cancellationToken);
        request.Headers.Authorization = authorization;
        var response = await TransmitAsync(request, operation, bounded, cancellationToken);
        request.Dispose();
        for (var hop = 0; followRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            if (hop == MaxRedirects)
            {
                response.Dispose();
                throw new OciRegistryException($"{operation} redirected more than {MaxRedirects} times", null, transient: false);
            }

            var target = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? Registry, location);
            var method = response.RequestMessage?.Method ?? HttpMethod.Get;
            var sameHost = string.Equals(target.Authority, Registry.Authority, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(target.Scheme, Registry.Scheme, StringComparison.OrdinalIgnoreCase);
            response.Dispose();
            using var next = new HttpRequestMessage(method, target);

            // Storage behind a redirect (S3, a CDN) authenticates by the URL itself; the registry's credential stays home.
            next.Headers.Authorization = sameHost ? authorization : null;
            response = await TransmitAsync(next, operation, bounded, cancellationToken);
        }

        return (response, authorization is not null);
    }

    private async Task<HttpResponseMessage> TransmitAsync(HttpRequestMessage request, string operation, bool bounded, CancellationToken cancellationToken)
    {
        using var timeout = bounded ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeout?.CancelAfter(options.RequestTimeout);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
