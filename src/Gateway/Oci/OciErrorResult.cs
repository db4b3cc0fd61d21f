using System.Text.Json;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Oci;

/// <summary>Writes <c>{"errors":[{"code","message","detail"}]}</c> with the register's status.</summary>
public sealed class OciErrorResult(RegistryError error, string? message = null, object? detail = null) : IResult
{
    public RegistryError Error { get; } = error;

    public string? Message { get; } = message;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var descriptor = OciErrors.Describe(Error);
        await WriteAsync(httpContext, (int)descriptor.Status, descriptor.Code, Message ?? descriptor.Message, detail);
    }

    /// <summary>An OCI error with an explicit status and code, for refusals outside the register (405, bad paging).</summary>
    public static IResult Custom(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { code, message } } }, statusCode: status);

    /// <summary>Writes an OCI error body with an explicit code (used by the last-resort filter).</summary>
    public static async Task WriteAsync(HttpContext httpContext, int status, string code, string message, object? detail = null)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return;
        }

        var body = new { errors = new[] { new { code, message, detail } } };
        await JsonSerializer.SerializeAsync(response.Body, body, (JsonSerializerOptions?)null, httpContext.RequestAborted);
    }
}
