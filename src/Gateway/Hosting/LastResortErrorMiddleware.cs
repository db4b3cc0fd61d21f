using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Hosting;

/// <summary>
/// The net under every handler: an unexpected exception becomes a 500 (a transient cluster failure a
/// 503 with Retry-After) in the shape the client parses (OCI under <c>/v2</c>, Harbor under
/// <c>/api</c>), with the detail logged, never returned.
/// </summary>
public sealed class LastResortErrorMiddleware(RequestDelegate next, ILogger<LastResortErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex) when (TransientClusterFailure.IsTransient(ex))
        {
            logger.LogWarning(ex, "Cluster unavailable on {Method} {Path}; answering 503", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "service unavailable, retry shortly", TransientClusterFailure.RetryAfterSeconds);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "UNKNOWN", "internal server error", retryAfterSeconds: null);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message, int? retryAfterSeconds)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await HarborErrorResult.Write(status, code, message).ExecuteAsync(context);
        }
        else
        {
            await OciErrorResult.WriteAsync(context, status, code, message);
        }
    }
}
