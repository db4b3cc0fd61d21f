using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Hosting;

/// <summary>
/// The net under every handler: an unexpected exception becomes a 500 in the shape the client
/// parses (OCI under <c>/v2</c>, Harbor under <c>/api</c>), with the detail logged, never returned.
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
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                await HarborErrorResult.Write(StatusCodes.Status500InternalServerError, "UNKNOWN", "internal server error").ExecuteAsync(context);
            }
            else
            {
                await OciErrorResult.WriteAsync(context, StatusCodes.Status500InternalServerError, "UNKNOWN", "internal server error");
            }
        }
    }
}
