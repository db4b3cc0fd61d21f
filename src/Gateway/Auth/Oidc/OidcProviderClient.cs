using System.Net;
using System.Net.Http.Headers;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>Reads a provider's discovery document and JWKS over HTTP, bounded in size and time.</summary>
public sealed class OidcProviderClient : IDisposable
{
    private const int MaxDocumentBytes = 512 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _verifying = Create(verifyCertificate: true);
    private readonly HttpClient _trusting = Create(verifyCertificate: false);

    /// <summary>The discovery document of <paramref name="issuer"/>, checked by <see cref="OidcDiscoveryDocument.TryParse"/>.</summary>
    public async Task<(OidcDiscoveryDocument? Document, string? Error)> GetDiscoveryAsync(string issuer, bool verifyCertificate, CancellationToken cancellationToken)
    {
        var (body, error) = await GetAsync(OidcEndpoint.DiscoveryUrl(issuer), verifyCertificate, cancellationToken);
        if (body is null)
        {
            return (null, error);
        }

        return OidcDiscoveryDocument.TryParse(body, issuer, out var document, out error) ? (document, null) : (null, error);
    }

    public async Task<(JsonWebKeySet? Keys, string? Error)> GetKeysAsync(Uri jwksUri, bool verifyCertificate, CancellationToken cancellationToken)
    {
        var (body, error) = await GetAsync(jwksUri, verifyCertificate, cancellationToken);
        if (body is null)
        {
            return (null, error);
        }

        return JsonWebKeySet.TryParse(body, out var keys, out error) ? (keys, null) : (null, error);
    }

    public void Dispose()
    {
        _verifying.Dispose();
        _trusting.Dispose();
    }

    private async Task<(byte[]? Body, string? Error)> GetAsync(Uri url, bool verifyCertificate, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await (verifyCertificate ? _verifying : _trusting).SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"{url} answered {(int)response.StatusCode}");
            }

            return (await response.Content.ReadAsByteArrayAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{url} could not be read: {e.Message}");
        }
    }

    private static HttpClient Create(bool verifyCertificate)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!verifyCertificate)
        {
            // Only when an administrator turned VerifyCertificate off for a provider with a self-signed certificate.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return new HttpClient(handler) { Timeout = Timeout, MaxResponseContentBufferSize = MaxDocumentBytes };
    }
}
