using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>
/// Calls to the ECR API of one region (AWS JSON 1.1: <c>POST /</c>, the action in <c>X-Amz-Target</c>), SigV4-signed
/// with the endpoint's access key and secret. ECR answers refusals with 400 and the exception's name in <c>__type</c>
/// (or the <c>x-amzn-ErrorType</c> header), which the failure's <see cref="OciRegistryException.ErrorCode"/> carries.
/// </summary>
public sealed class EcrApiClient(HttpClient http, Uri api, string region, string accessKey, string secretKey, TimeProvider clock, TimeSpan requestTimeout)
{
    public const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";
    public const string SigningService = "ecr";
    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>Calls <paramref name="action"/> with <paramref name="input"/> and reads its answer.</summary>
    public async Task<TAnswer?> CallAsync<TInput, TAnswer>(
        string action, TInput input, JsonTypeInfo<TInput> inputType, JsonTypeInfo<TAnswer> answerType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var body = JsonSerializer.SerializeToUtf8Bytes(input, inputType);
        var operation = "ECR " + action;
        var now = clock.GetUtcNow();
        var amzDate = AwsSigV4Signer.AmzDate(now);
        var target = TargetPrefix + action;
        var signed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = ContentType,
            ["host"] = api.IsDefaultPort ? api.Host : api.Authority,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, api);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation(
            "Authorization", AwsSigV4Signer.Authorization("POST", api, signed, body, accessKey, secretKey, region, SigningService, now));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, operation, timeout.Token);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonSerializer.DeserializeAsync(stream, answerType, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (HttpRequestException e)
        {
            throw OciFailures.FromTransport(operation, e);
        }
        catch (JsonException e)
        {
            throw new OciRegistryException($"{operation} answered JSON this client cannot read", null, transient: false, inner: e);
        }
    }

    private async Task<OciRegistryException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var (type, message) = await ReadErrorAsync(response, cancellationToken);

        // Throttling comes as 400 ThrottlingException; AWS's own SDKs retry it like a 5xx.
        var transient = OciFailures.IsTransient(status) || type is "ThrottlingException" or "ServerException";
        var text = $"{operation} answered {(int)status}" + (type is null ? string.Empty : " " + type) +
            (string.IsNullOrEmpty(message) ? string.Empty : ": " + (message.Length <= 300 ? message : message[..300] + "…"));
        var retryAfter = OciFailures.RetryAfter(response.Headers.RetryAfter, clock.GetUtcNow());
        return new OciRegistryException(text, status, transient, type, retryAfter);
    }

    /// <summary>The exception name (namespace prefix stripped) and message of an AWS JSON error answer.</summary>
    public static string? ErrorType(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        // "com.amazonaws.ecr#RepositoryNotFoundException" in bodies, "RepositoryNotFoundException:http://…" in headers.
        var hash = raw.LastIndexOf('#');
        var name = hash >= 0 ? raw[(hash + 1)..] : raw;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? name[..colon] : name;
    }

    private static async Task<(string? Type, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var body = await OciFailures.ReadErrorBodyAsync(response, cancellationToken);

        string? type = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                type = document.RootElement.TryGetProperty("__type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                message = (document.RootElement.TryGetProperty("message", out var m) || document.RootElement.TryGetProperty("Message", out m)) &&
                    m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // A proxy's page, not AWS JSON: the header (if any) is all there is.
        }

        return (ErrorType(type ?? header), message);
    }
}
