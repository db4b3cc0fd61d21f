using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support.Loopback;

/// <summary>What a <see cref="CountingForwarder"/> does with the requests it receives.</summary>
public enum ForwarderMode
{
    Forward = 0,

    /// <summary>Answers 429 with an OCI TOOMANYREQUESTS body.</summary>
    TooManyRequests,

    /// <summary>Drops the connection without an answer, as a server going away does.</summary>
    Refuse,
}

/// <summary>
/// A small HTTP forwarder on loopback in front of a registry: counts the requests it receives by method and path,
/// and can be switched to answer 429 or drop connections. Responses are streamed through, never buffered.
/// </summary>
public sealed class CountingForwarder : IAsyncDisposable
{
    private static readonly string[] ForwardedResponseHeaders = ["Content-Type", "Docker-Content-Digest", "Location", "ETag", "Docker-Distribution-API-Version", "Range"];
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HttpClient _upstream;
    private readonly WebApplication _app;

    private CountingForwarder(Uri upstream, WebApplication app)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = upstream, Timeout = Timeout.InfiniteTimeSpan };
        _app = app;
        _app.Run(ForwardAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ForwarderMode Mode { get; set; }

    /// <summary>Every request received, whatever the mode.</summary>
    public int Total => _counts.Values.Sum();

    public static async Task<CountingForwarder> StartAsync(Uri upstream, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var forwarder = new CountingForwarder(upstream, builder.Build());
        await forwarder._app.StartAsync(cancellationToken);
        var address = forwarder._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        forwarder.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return forwarder;
    }

    /// <summary>Requests received with <paramref name="method"/> on exactly <paramref name="path"/>.</summary>
    public int Count(string method, string path) => _counts.GetValueOrDefault($"{method} {path}");

    /// <summary>Requests received whose path starts with <paramref name="prefix"/>, any method.</summary>
    public int CountUnder(string prefix) => _counts.Where(c => c.Key.Split(' ', 2)[1].StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public void Reset() => _counts.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        _counts.AddOrUpdate($"{context.Request.Method} {context.Request.Path}", 1, (_, n) => n + 1);
        switch (Mode)
        {
            case ForwarderMode.TooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""");
                return;
            case ForwarderMode.Refuse:
                context.Abort();
                return;
            default:
                break;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var header in context.Request.Headers)
        {
            if (header.Key is "Accept" or "Authorization" or "Range")
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var name in ForwardedResponseHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
