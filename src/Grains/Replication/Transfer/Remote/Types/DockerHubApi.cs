using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;

namespace ArtifactKeeper.Replication.Transfer.Remote.Types;

/// <summary>
/// Docker Hub's web API as one session uses it (one listing, or every task of one execution). Hub's API wants its own
/// token, got from <c>/v2/auth/token</c> with the endpoint's username and password or personal access token; it is kept
/// for the session and renewed shortly before it expires (the JWT's <c>exp</c>, else Hub's ten minutes) and whenever
/// the API answers 401, so a long listing or execution never goes on with a dead token. Without a credential requests
/// go anonymous (public namespaces only).
/// </summary>
internal sealed class DockerHubApi(RemoteSession session)
{
    private static readonly TimeSpan HubTokenLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private Login? _login;

    /// <summary>The account's user name (its personal namespace), or null without a credential.</summary>
    public string? User => session.Credential is { AccessKey: { Length: > 0 } user, AccessSecret: { Length: > 0 } } ? user : null;

    /// <summary>
    /// Sends the request <paramref name="create"/> builds with the current token; a 401 to a token renews it and sends
    /// the request once more. The caller owns (and disposes) the answer.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string operation, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        var response = await TransmitAsync(create(), token, operation, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || token is null)
        {
            return response;
        }

        // Expired early, or revoked: a fresh login is worth exactly one more try.
        response.Dispose();
        Forget(token);
        return await TransmitAsync(create(), await TokenAsync(cancellationToken), operation, cancellationToken);
    }

    /// <summary>True when the organization (or user) namespace exists at Hub.</summary>
    public async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken)
    {
        const string operation = "Docker Hub organization lookup (GET /v2/orgs/{name}/)";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Api($"/v2/orgs/{Uri.EscapeDataString(ns)}/")), operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode ? true : throw await FailureAsync(response, operation, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="ns"/> exist as an organization, as Harbor's adapter does before pushing into it: an existing
    /// one is left as it is; one created meanwhile by someone else is just as good.
    /// </summary>
    public async Task EnsureOrganizationAsync(string ns, CancellationToken cancellationToken)
    {
        if (await NamespaceExistsAsync(ns, cancellationToken))
        {
            return;
        }

        const string operation = "Docker Hub organization creation (POST /v2/orgs/)";
        using var created = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Api("/v2/orgs/"))
            {
                Content = JsonContent.Create(new HubOrganizationRequest(ns, ns, ns), OciJson.Default.HubOrganizationRequest),
            },
            operation, cancellationToken);
        if (created.IsSuccessStatusCode)
        {
            return;
        }

        var failure = await FailureAsync(created, operation, cancellationToken);
        if (!failure.Transient && await NamespaceExistsAsync(ns, cancellationToken))
        {
            return;
        }

        throw new OciRegistryException(
            $"the Docker Hub namespace {ns} does not exist and could not be created as an organization: {failure.Message}",
            failure.StatusCode, failure.Transient, failure.ErrorCode, failure.RetryAfter);
    }

    public Uri Api(string pathAndQuery) => new(session.Context.Hosted.DockerHubApi, pathAndQuery);

    /// <summary>The failure of a Hub API answer, with Hub's own words (<c>message</c> or <c>detail</c>) when it sent some.</summary>
    public async Task<OciRegistryException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var words = await ReadMessageAsync(response, cancellationToken);
        var text = string.Create(CultureInfo.InvariantCulture, $"{operation} answered {(int)status}") + (words is null ? string.Empty : ": " + words);
        return new OciRegistryException(
            text, status, OciFailures.IsTransient(status), null, OciFailures.RetryAfter(response.Headers.RetryAfter, session.Context.Clock.GetUtcNow()));
    }

    private async Task<HttpResponseMessage> TransmitAsync(HttpRequestMessage request, string? token, string operation, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new("Bearer", token);
            }

            return await session.Connection.SendApiAsync(request, operation, cancellationToken, basic: false);
        }
    }

    private async Task<string?> TokenAsync(CancellationToken cancellationToken)
    {
        if (User is null)
        {
            return null;
        }

        if (Volatile.Read(ref _login) is { } login && login.RenewAt > session.Context.Clock.GetUtcNow())
        {
            return login.Token;
        }

        // Concurrent renewals may each log in; any of the tokens is valid, so no lock.
        var fresh = await LoginAsync(cancellationToken);
        Volatile.Write(ref _login, fresh);
        return fresh.Token;
    }

    private void Forget(string token)
    {
        if (Volatile.Read(ref _login) is { } login && login.Token == token)
        {
            Interlocked.CompareExchange(ref _login, null, login);
        }
    }

    private async Task<Login> LoginAsync(CancellationToken cancellationToken)
    {
        const string operation = "Docker Hub login";
        var connection = session.Connection;
        var requested = session.Context.Clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, Api("/v2/auth/token"))
        {
            Content = JsonContent.Create(new HubLogin(session.Credential!.AccessKey!, session.Credential.AccessSecret!), OciJson.Default.HubLogin),
        };
        using var response = await connection.SendApiAsync(request, operation, cancellationToken, basic: false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await FailureAsync(response, operation, cancellationToken);
            throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? new OciRegistryException($"{operation} refused the credential", response.StatusCode, transient: false)
                : failure;
        }

        var answer = await OciJson.ReadAsync(response, OciJson.Default.HubLoginAnswer, operation, cancellationToken);
        if (answer?.AccessToken is not { Length: > 0 } token)
        {
            throw new OciRegistryException($"{operation} sent no token", response.StatusCode, transient: false);
        }

        var expires = JwtExpiry.Read(token) ?? requested + HubTokenLifetime;
        var renewAt = expires - RenewBefore > requested ? expires - RenewBefore : requested + RenewBefore;
        return new Login(token, renewAt);
    }

    private static async Task<string?> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await OciFailures.ReadErrorBodyAsync(response, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in (string[])["message", "detail"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object &&
                    document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    return text.Length <= 300 ? text : text[..300] + "…";
                }
            }
        }
        catch (JsonException)
        {
            // Not Hub's JSON (a proxy's page): the status says enough.
        }

        return null;
    }

    private sealed record Login(string Token, DateTimeOffset RenewAt);
}
