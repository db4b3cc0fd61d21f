using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// Harbor's pluggable scanner adapter API v1.1, served by the built-in scanner: <c>GET /api/v1/metadata</c>,
/// <c>POST /api/v1/scan</c> (202 with the id; 400 malformed JSON, 422 a bad field) and
/// <c>GET /api/v1/scan/{id}/report</c> (302 + Refresh-After while running, 200 in the Accept-ed report type,
/// 404 unknown id, 500 with the error when the scan failed). Mapped only when the adapter server is enabled.
/// </summary>
public static class AdapterServerEndpoints
{
    public static IEndpointRouteBuilder MapScannerAdapter(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1").AddEndpointFilter(RequireApiKeyAsync);
        api.MapGet("/metadata", GetMetadata);
        api.MapPost("/scan", AcceptScanAsync);
        api.MapGet("/scan/{scanRequestId}/report", GetReport);
        return app;
    }

    private static IResult GetMetadata(IServiceProvider services)
    {
        if (services.GetService<IAdapterScanEngine>() is not { } engine)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "no built-in scan engine is configured");
        }

        var metadata = new AdapterMetadata
        {
            Scanner = AdapterScanner.From(engine.Identity),
            Capabilities =
            [
                new AdapterCapability
                {
                    Type = "vulnerability",
                    ConsumesMimeTypes = [AdapterMimeTypes.OciManifest, AdapterMimeTypes.DockerManifest],
                    ProducesMimeTypes = AdapterMimeTypes.ReportTypes,
                },
            ],
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["harbor.scanner-adapter/scanner-type"] = "os-package-vulnerability",
                [HarborAdapterScanner.DatabaseVersionProperty] = engine.DatabaseVersion,
            },
        };
        return Json(StatusCodes.Status200OK, metadata, AdapterMimeTypes.Metadata);
    }

    private static async Task<IResult> AcceptScanAsync(HttpContext context, AdapterScanJobs jobs)
    {
        AdapterScanRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<AdapterScanRequest>(context.Request.Body, AdapterJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"invalid JSON: {e.Message}");
        }

        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid JSON: the body is null");
        }

        if (AdapterScanRequestRules.Check(request) is { } invalid)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, invalid);
        }

        var job = jobs.TryStart(request);
        return job is null
            ? Error(StatusCodes.Status503ServiceUnavailable, "too many scan requests; retry later")
            : Json(StatusCodes.Status202Accepted, new AdapterScanResponse { Id = job.Id }, AdapterMimeTypes.ScanResponse);
    }

    private static IResult GetReport(string scanRequestId, HttpContext context, AdapterScanJobs jobs, Microsoft.Extensions.Options.IOptions<AdapterServerOptions> options)
    {
        var reportType = AdapterMimeTypes.ChooseReportType(context.Request.Headers.Accept.ToString());
        if (reportType is null)
        {
            return Error(StatusCodes.Status400BadRequest, $"unsupported report mime type: {context.Request.Headers.Accept}");
        }

        if (jobs.Find(scanRequestId) is not { } job)
        {
            return Error(StatusCodes.Status404NotFound, $"cannot find scan request {scanRequestId}");
        }

        if (!job.IsFinished)
        {
            // No Location: the spec asks the client to poll the same URL, and a redirect-following client would drop its credentials.
            context.Response.Headers["Refresh-After"] = options.Value.RefreshAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status302Found);
        }

        if (job.Report is not { } report)
        {
            return Error(StatusCodes.Status500InternalServerError, job.Error ?? "the scan failed");
        }

        var artifact = job.Request.Artifact! with { MimeType = job.Request.Artifact!.MimeType };
        return Json(StatusCodes.Status200OK, HarborReportConverter.FromReport(report, artifact, reportType), reportType);
    }

    /// <summary>With an API key configured, the call must carry it (Bearer or X-ScannerAdapter-API-Key).</summary>
    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var key = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdapterServerOptions>>().Value.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            return await next(invocation);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : http.Request.Headers["X-ScannerAdapter-API-Key"].ToString();
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key)))
        {
            return await next(invocation);
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, "missing or invalid API key");
    }

    private static IResult Error(int status, string message) =>
        Json(status, AdapterErrorResponse.Of(message), AdapterMimeTypes.Error);

    private static IResult Json<T>(int status, T value, string contentType) =>
        Results.Text(JsonSerializer.Serialize(value, AdapterJson.Options), contentType, null, status);
}
