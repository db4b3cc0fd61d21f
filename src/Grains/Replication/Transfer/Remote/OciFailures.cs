using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// Turns a failed remote call into <see cref="OciRegistryException"/>: whether a retry may cure it, the registry's
/// Retry-After and the OCI error code of the body. Messages name the method, path and host, never a credential.
/// </summary>
public static class OciFailures
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>Connection failures, timeouts, 408, 429 and 5xx are worth retrying; other answers are not.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The Retry-After of an answer (seconds or a date, as of <paramref name="now"/>), or null.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The first <c>errors[].code</c> and <c>message</c> of an OCI (or Harbor) error body, or nulls.</summary>
    public static (string? Code, string? Message) ReadErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
                    var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    return (code, message);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, distribution's plain 404): no code to report.
        }

        return (null, null);
    }

    /// <summary>The exception for an answer that was not what the call expected; reads (a bounded part of) its body.</summary>
    public static async Task<OciRegistryException> FromResponseAsync(HttpResponseMessage response, string operation, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await ReadErrorBodyAsync(response, cancellationToken);
        var (code, message) = ReadErrorBody(body);
        var status = response.StatusCode;
        var text = string.Create(CultureInfo.InvariantCulture, $"{operation} answered {(int)status}")
            + (code is null ? string.Empty : $" {code}") + (string.IsNullOrEmpty(message) ? string.Empty : $": {Truncate(message)}");
        return new OciRegistryException(text, status, IsTransient(status), code, RetryAfter(response.Headers.RetryAfter, clock.GetUtcNow()));
    }

    /// <summary>
    /// A call that got no answer: connection refused or reset, DNS, or the request timeout (all worth a retry), or a TLS
    /// handshake that failed (not: an untrusted certificate stays untrusted).
    /// </summary>
    public static OciRegistryException FromTransport(string operation, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError, InnerException: AuthenticationException refused })
        {
            // HttpClient's own words ("see inner exception") do not say what to do; and a certificate refused stays
            // refused, so a retry is pointless.
            return new OciRegistryException(
                $"{operation} failed: the registry's TLS certificate is not trusted ({Truncate(refused.Message)}); " +
                "mark the endpoint insecure to accept a self-signed certificate", null, transient: false, inner: failure);
        }

        var what = failure is TaskCanceledException or TimeoutException ? "timed out" : "failed: " + Truncate(failure.Message);
        return new OciRegistryException($"{operation} {what}", null, transient: true, inner: failure);
    }

    /// <summary>The start of an error response's body (at most 16 KiB: an error page can be anything); empty when it cannot be read.</summary>
    internal static async Task<byte[]> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            return buffer[..total];
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return [];
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
