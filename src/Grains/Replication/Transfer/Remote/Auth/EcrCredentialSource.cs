using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>
/// ECR's registry credential: the endpoint's access key and secret sign (SigV4) a <c>GetAuthorizationToken</c> call to
/// the ECR API of the registry's region; the answer is a base64 <c>AWS:password</c> used as Basic, cached until shortly
/// before its <c>expiresAt</c>.
/// </summary>
public sealed class EcrCredentialSource(HttpClient http, Uri api, string region, string accessKey, string secretKey, TimeProvider clock, TimeSpan requestTimeout)
    : IRegistryCredentialSource
{
    public const string Target = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    public const string SigningService = "ecr";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private volatile Cached? _cached;

    public async ValueTask<BasicCredential?> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && cached.RenewAt > clock.GetUtcNow())
        {
            return cached.Credential;
        }

        // Concurrent first calls may each fetch a token; any of them is valid, so no lock.
        var fresh = await FetchAsync(cancellationToken);
        _cached = fresh;
        return fresh.Credential;
    }

    public bool Invalidate()
    {
        _cached = null;
        return true;
    }

    private async Task<Cached> FetchAsync(CancellationToken cancellationToken)
    {
        var body = "{}"u8.ToArray();
        var now = clock.GetUtcNow();
        var amzDate = AwsSigV4Signer.AmzDate(now);
        const string contentType = "application/x-amz-json-1.1";
        var signed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = api.IsDefaultPort ? api.Host : api.Authority,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = Target,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, api);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        request.Headers.TryAddWithoutValidation(
            "Authorization", AwsSigV4Signer.Authorization("POST", api, signed, body, accessKey, secretKey, region, SigningService, now));

        const string operation = "ECR GetAuthorizationToken";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await OciFailures.FromResponseAsync(response, operation, clock, cancellationToken);
                var refused = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                throw refused
                    ? new OciRegistryException($"{operation} refused the access key (answered {(int)response.StatusCode})", response.StatusCode, transient: false)
                    : failure;
            }

            var answer = await response.Content.ReadFromJsonAsync(EcrJson.Default.EcrTokenAnswer, timeout.Token);
            var data = answer?.AuthorizationData is { Count: > 0 } all ? all[0] : null;
            if (data?.AuthorizationToken is not { Length: > 0 } token)
            {
                throw new OciRegistryException($"{operation} sent no token", response.StatusCode, transient: false);
            }

            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new OciRegistryException($"{operation} sent a token that is not user:password", response.StatusCode, transient: false);
            }

            var expires = data.ExpiresAt is { } seconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : now.AddHours(12);
            var renewAt = expires - RenewBefore > now ? expires - RenewBefore : expires;
            return new Cached(new BasicCredential(decoded[..colon], decoded[(colon + 1)..]), renewAt);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new OciRegistryException($"{operation} answered something that is not an authorization token", null, transient: false);
        }
    }

    private sealed record Cached(BasicCredential Credential, DateTimeOffset RenewAt);
}

internal sealed record EcrTokenAnswer([property: JsonPropertyName("authorizationData")] IReadOnlyList<EcrAuthorizationData>? AuthorizationData);

internal sealed record EcrAuthorizationData(
    [property: JsonPropertyName("authorizationToken")] string? AuthorizationToken,
    [property: JsonPropertyName("expiresAt")] double? ExpiresAt,
    [property: JsonPropertyName("proxyEndpoint")] string? ProxyEndpoint);

[JsonSerializable(typeof(EcrTokenAnswer))]
internal sealed partial class EcrJson : JsonSerializerContext;
