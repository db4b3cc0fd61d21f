using System.Net;
using System.Text;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>
/// ECR's registry credential: a <c>GetAuthorizationToken</c> call to the ECR API of the registry's region (signed with
/// the endpoint's access key and secret); the answer is a base64 <c>AWS:password</c> used as Basic, cached until
/// shortly before its <c>expiresAt</c>.
/// </summary>
public sealed class EcrCredentialSource(EcrApiClient api, TimeProvider clock) : IRegistryCredentialSource
{
    public const string Action = "GetAuthorizationToken";
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
        const string operation = "ECR " + Action;
        var now = clock.GetUtcNow();
        EcrTokenAnswer? answer;
        try
        {
            answer = await api.CallAsync(Action, new EcrTokenRequest(), EcrJson.Default.EcrTokenRequest, EcrJson.Default.EcrTokenAnswer, cancellationToken);
        }
        catch (OciRegistryException e) when (!e.Transient &&
            e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new OciRegistryException($"{operation} refused the access key (answered {(int)e.StatusCode!})", e.StatusCode, transient: false);
        }

        var data = answer?.AuthorizationData is { Count: > 0 } all ? all[0] : null;
        if (data?.AuthorizationToken is not { Length: > 0 } token)
        {
            throw new OciRegistryException($"{operation} sent no token", HttpStatusCode.OK, transient: false);
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new OciRegistryException($"{operation} answered something that is not an authorization token", HttpStatusCode.OK, transient: false);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new OciRegistryException($"{operation} sent a token that is not user:password", HttpStatusCode.OK, transient: false);
        }

        var expires = data.ExpiresAt is { } seconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : now.AddHours(12);
        var renewAt = expires - RenewBefore > now ? expires - RenewBefore : expires;
        return new Cached(new BasicCredential(decoded[..colon], decoded[(colon + 1)..]), renewAt);
    }

    private sealed record Cached(BasicCredential Credential, DateTimeOffset RenewAt);
}

internal sealed record EcrTokenRequest;

internal sealed record EcrTokenAnswer([property: JsonPropertyName("authorizationData")] IReadOnlyList<EcrAuthorizationData>? AuthorizationData);

internal sealed record EcrAuthorizationData(
    [property: JsonPropertyName("authorizationToken")] string? AuthorizationToken,
    [property: JsonPropertyName("expiresAt")] double? ExpiresAt,
    [property: JsonPropertyName("proxyEndpoint")] string? ProxyEndpoint);

/// <summary>ECR's repository calls: DescribeRepositories (one by name, or all, paged by <c>nextToken</c>) and CreateRepository.</summary>
internal sealed record EcrDescribeRepositoriesRequest(
    [property: JsonPropertyName("registryId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RegistryId,
    [property: JsonPropertyName("repositoryNames"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RepositoryNames,
    [property: JsonPropertyName("maxResults"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxResults,
    [property: JsonPropertyName("nextToken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextToken);

internal sealed record EcrDescribeRepositoriesAnswer(
    [property: JsonPropertyName("repositories")] IReadOnlyList<EcrRepository>? Repositories,
    [property: JsonPropertyName("nextToken")] string? NextToken);

internal sealed record EcrRepository([property: JsonPropertyName("repositoryName")] string? RepositoryName);

internal sealed record EcrCreateRepositoryRequest(
    [property: JsonPropertyName("registryId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RegistryId,
    [property: JsonPropertyName("repositoryName")] string RepositoryName);

internal sealed record EcrCreateRepositoryAnswer([property: JsonPropertyName("repository")] EcrRepository? Repository);

/// <summary>ECR's BatchDeleteImage: images named by tag or digest; the answer lists what went and what could not.</summary>
internal sealed record EcrBatchDeleteImageRequest(
    [property: JsonPropertyName("registryId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RegistryId,
    [property: JsonPropertyName("repositoryName")] string RepositoryName,
    [property: JsonPropertyName("imageIds")] IReadOnlyList<EcrImageId> ImageIds);

internal sealed record EcrImageId(
    [property: JsonPropertyName("imageDigest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageDigest,
    [property: JsonPropertyName("imageTag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageTag);

internal sealed record EcrBatchDeleteImageAnswer(
    [property: JsonPropertyName("imageIds")] IReadOnlyList<EcrImageId>? ImageIds,
    [property: JsonPropertyName("failures")] IReadOnlyList<EcrImageFailure>? Failures);

internal sealed record EcrImageFailure(
    [property: JsonPropertyName("imageId")] EcrImageId? ImageId,
    [property: JsonPropertyName("failureCode")] string? FailureCode,
    [property: JsonPropertyName("failureReason")] string? FailureReason);

[JsonSerializable(typeof(EcrTokenRequest))]
[JsonSerializable(typeof(EcrTokenAnswer))]
[JsonSerializable(typeof(EcrDescribeRepositoriesRequest))]
[JsonSerializable(typeof(EcrDescribeRepositoriesAnswer))]
[JsonSerializable(typeof(EcrCreateRepositoryRequest))]
[JsonSerializable(typeof(EcrCreateRepositoryAnswer))]
[JsonSerializable(typeof(EcrBatchDeleteImageRequest))]
[JsonSerializable(typeof(EcrBatchDeleteImageAnswer))]
internal sealed partial class EcrJson : JsonSerializerContext;
