using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>
/// A loopback reverse proxy (Kestrel) in front of one target registry. Bodies stream through in both directions
/// (nothing is buffered), every request is recorded with what happened to it, faults can be injected with a
/// seeded probability, and the whole forwarder can be switched down (connections are closed unanswered) and up.
/// The client's Host header is kept, so the target builds upload locations that point back at the forwarder.
/// </summary>
public sealed class HttpForwarder : IAsyncDisposable
{
    private const int DropAfterBytesWhenLengthUnknown = 16 * 1024;

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly ConcurrentQueue<ForwardedRequest> _requests = new();
    private readonly Lock _faultGate = new();
    private readonly HttpMessageInvoker _upstream;
    private readonly ConcurrentQueue<RequestHold> _holds = new();
    private readonly ConcurrentQueue<ConcurrencyGauge> _gauges = new();
    private WebApplication? _app;
    private FaultInjection? _faults;
    private Random? _faultRandom;
    private volatile bool _down;

    private HttpForwarder(Uri target)
    {
        Target = new Uri(target.GetLeftPart(UriPartial.Authority) + "/");
        _upstream = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
    }

    /// <summary>The registry behind the forwarder.</summary>
    public Uri Target { get; }

    /// <summary>http://127.0.0.1:port/ of the forwarder itself.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>127.0.0.1:port, the registry part of image references through the forwarder.</summary>
    public string HostPort => BaseAddress.Authority;

    /// <summary>True while connections are closed unanswered.</summary>
    public bool IsDown => _down;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<ForwardedRequest> Requests => [.. _requests];

    /// <summary>Starts a forwarder on a free loopback port in front of <paramref name="target"/>.</summary>
    public static async Task<HttpForwarder> StartAsync(Uri target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var forwarder = new HttpForwarder(target);
        try
        {
            await forwarder.StartServerAsync(cancellationToken);
        }
        catch
        {
            await forwarder.DisposeAsync();
            throw;
        }

        return forwarder;
    }

    /// <summary>An image reference through the forwarder.</summary>
    public string Reference(string repository, string tagOrDigest) =>
        HostPort + "/" + repository + (tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":") + tagOrDigest;

    /// <summary>From now on, close every connection without an answer (the target looks unreachable).</summary>
    public void GoDown() => _down = true;

    /// <summary>Forward again.</summary>
    public void GoUp() => _down = false;

    /// <summary>Injects faults as <paramref name="faults"/> says until <see cref="StopFaults"/>; replaces any earlier plan.</summary>
    public void InjectFaults(FaultInjection faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        faults.Validate();
        lock (_faultGate)
        {
            _faults = faults;
            _faultRandom = new Random(faults.Seed);
        }
    }

    /// <summary>Forward every request faithfully again.</summary>
    public void StopFaults()
    {
        lock (_faultGate)
        {
            _faults = null;
            _faultRandom = null;
        }
    }

    /// <summary>
    /// From now on, requests matching <paramref name="applies"/> (method, path) wait at the forwarder, before reaching
    /// the target, until the hold is released or their client goes away (recorded as <see cref="ForwardOutcome.ClientGone"/>).
    /// </summary>
    public RequestHold Hold(Func<string, string, bool> applies)
    {
        ArgumentNullException.ThrowIfNull(applies);
        var hold = new RequestHold(applies);
        _holds.Enqueue(hold);
        return hold;
    }

    /// <summary>
    /// Counts requests matching <paramref name="applies"/> (method, path) in flight: from their arrival until their answer
    /// begins (a client sending one request after another's answer is never counted twice), held ones included.
    /// </summary>
    public ConcurrencyGauge Gauge(Func<string, string, bool> applies)
    {
        ArgumentNullException.ThrowIfNull(applies);
        var gauge = new ConcurrencyGauge(applies);
        _gauges.Enqueue(gauge);
        return gauge;
    }

    /// <summary>Forgets the recorded requests (counts start from zero).</summary>
    public void ResetCounts() => _requests.Clear();

    /// <summary>How many requests with this method and path (no query) reached the target.</summary>
    public int ForwardedCount(string method, string path) =>
        _requests.Count(r => r.ReachedTarget
            && string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Path, path, StringComparison.Ordinal));

    /// <summary>How many recorded requests match <paramref name="predicate"/>.</summary>
    public int Count(Func<ForwardedRequest, bool> predicate) => _requests.Count(predicate);

    /// <summary>Requests that reached the target, per "METHOD path" (for failure messages and per-path checks).</summary>
    public IReadOnlyDictionary<string, int> ForwardedCountsByMethodAndPath() =>
        _requests.Where(r => r.ReachedTarget)
            .GroupBy(r => r.Method + " " + r.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
            _app = null;
        }

        _upstream.Dispose();
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        if (_down)
        {
            Record(method, path, ForwardOutcome.Refused, statusCode: null);
            context.Abort();
            return;
        }

        var gauges = _gauges.Where(g => g.Applies(method, path)).ToList();
        gauges.ForEach(g => g.Enter());
        var inFlight = true;
        void Answering()
        {
            if (inFlight)
            {
                inFlight = false;
                gauges.ForEach(g => g.Leave());
            }
        }

        try
        {
            await HandleCountedAsync(context, method, path, Answering);
        }
        finally
        {
            Answering();
        }
    }

    private async Task HandleCountedAsync(HttpContext context, string method, string path, Action answering)
    {
        foreach (var hold in _holds.Where(h => h.Applies(method, path)))
        {
            if (!await hold.WaitAsync(context.RequestAborted))
            {
                Record(method, path, ForwardOutcome.ClientGone, statusCode: null);
                return;
            }
        }

        var fault = DrawFault(method, path);
        switch (fault)
        {
            case FaultKind.ServerError:
                answering();
                Record(method, path, ForwardOutcome.InjectedServerError, StatusCodes.Status500InternalServerError);
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "UNKNOWN", "injected fault", retryAfter: null);
                return;
            case FaultKind.TooManyRequests:
                answering();
                Record(method, path, ForwardOutcome.InjectedTooManyRequests, StatusCodes.Status429TooManyRequests);
                await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "TOOMANYREQUESTS", "injected fault", _faults?.RetryAfter);
                return;
        }

        HttpResponseMessage response;
        try
        {
            using var request = BuildUpstreamRequest(context);
            response = await _upstream.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            answering();
            Record(method, path, ForwardOutcome.TargetUnreachable, StatusCodes.Status502BadGateway);
            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, "UNAVAILABLE", "target unreachable", retryAfter: null);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Record(method, path, ForwardOutcome.ClientGone, statusCode: null);
            return;
        }

        answering();
        using (response)
        {
            var dropping = fault == FaultKind.DropConnection;
            Record(method, path, dropping ? ForwardOutcome.InjectedDrop : ForwardOutcome.Forwarded, (int)response.StatusCode);
            await RelayResponseAsync(context, response, dropping);
        }
    }

    private HttpRequestMessage BuildUpstreamRequest(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || !rawTarget.StartsWith('/'))
        {
            rawTarget = (context.Request.Path.Value ?? "/") + context.Request.QueryString.Value;
        }

        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(Target, rawTarget[1..]))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var hasBody = context.Request.ContentLength is not null
            || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            // Streamed as it arrives: a blob upload never sits in the forwarder's memory.
            request.Content = new StreamContent(context.Request.Body, 64 * 1024);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The client's own Host: the target then answers with locations (upload URLs, token realms) that lead back here.
        request.Headers.Host = context.Request.Host.Value;
        return request;
    }

    private async Task RelayResponseAsync(HttpContext context, HttpResponseMessage response, bool dropMidway)
    {
        var status = (int)response.StatusCode;
        context.Response.StatusCode = status;
        var bodyless = status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified || status < 200;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHopHeaders.Contains(name) || (bodyless && string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            context.Response.Headers[name] = string.Equals(name, "Location", StringComparison.OrdinalIgnoreCase)
                ? values.Select(RewriteLocation).ToArray()
                : values.ToArray();
        }

        var isHead = HttpMethods.IsHead(context.Request.Method);
        var length = response.Content.Headers.ContentLength;
        if (dropMidway && (isHead || bodyless || length == 0))
        {
            // Nothing to cut in half: the client gets no answer at all, though the target did the work.
            context.Abort();
            return;
        }

        if (isHead || bodyless)
        {
            return;
        }

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        if (!dropMidway)
        {
            try
            {
                await body.CopyToAsync(context.Response.Body, 64 * 1024, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The client or the target went away mid-body; the connection is finished either way.
                context.Abort();
            }

            return;
        }

        var cutAt = length is > 1 ? length.Value / 2 : DropAfterBytesWhenLengthUnknown;
        var buffer = new byte[16 * 1024];
        long sent = 0;
        try
        {
            while (sent < cutAt)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, cutAt - sent)), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                sent += read;
            }

            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }

        context.Abort();
    }

    private string RewriteLocation(string? location)
    {
        if (location is null)
        {
            return string.Empty;
        }

        var targetOrigin = Target.GetLeftPart(UriPartial.Authority);
        return location.StartsWith(targetOrigin, StringComparison.OrdinalIgnoreCase)
            ? BaseAddress.GetLeftPart(UriPartial.Authority) + location[targetOrigin.Length..]
            : location;
    }

    private FaultKind? DrawFault(string method, string path)
    {
        lock (_faultGate)
        {
            var faults = _faults;
            if (faults is null || _faultRandom is null || !faults.AppliesTo(method, path))
            {
                return null;
            }

            if (_faultRandom.NextDouble() >= faults.Probability)
            {
                return null;
            }

            return faults.Kinds[_faultRandom.Next(faults.Kinds.Count)];
        }
    }

    private void Record(string method, string path, ForwardOutcome outcome, int? statusCode) =>
        _requests.Enqueue(new ForwardedRequest(method, path, outcome, statusCode));

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string message, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = Math.Max(0, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync($$"""{"errors":[{"code":"{{code}}","message":"{{message}}"}]}""", context.RequestAborted);
    }
}

/// <summary>Requests held at the forwarder until <see cref="Release"/>; see <see cref="HttpForwarder.Hold"/>.</summary>
public sealed class RequestHold
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;
    private int _arrived;

    internal RequestHold(Func<string, string, bool> applies) => Applies = applies;

    /// <summary>Requests waiting now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Requests that ever arrived at the hold (released or not).</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    internal Func<string, string, bool> Applies { get; }

    /// <summary>Lets the waiting requests through, and every later one.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>True once released; false when the client went away first.</summary>
    internal async Task<bool> WaitAsync(CancellationToken clientGone)
    {
        Interlocked.Increment(ref _arrived);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _released.Task.WaitAsync(clientGone);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}

/// <summary>How many matching requests were in flight at once; see <see cref="HttpForwarder.Gauge"/>.</summary>
public sealed class ConcurrencyGauge
{
    private int _current;
    private int _max;

    internal ConcurrencyGauge(Func<string, string, bool> applies) => Applies = applies;

    /// <summary>In flight now.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>The most ever in flight at once.</summary>
    public int Max => Volatile.Read(ref _max);

    internal Func<string, string, bool> Applies { get; }

    internal void Enter()
    {
        var now = Interlocked.Increment(ref _current);
        var seen = Volatile.Read(ref _max);
        while (now > seen)
        {
            var previous = Interlocked.CompareExchange(ref _max, now, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    internal void Leave() => Interlocked.Decrement(ref _current);
}

/// <summary>What the forwarder did with one request.</summary>
public enum ForwardOutcome
{
    /// <summary>Relayed to the target and the whole answer back.</summary>
    Forwarded,

    /// <summary>Relayed to the target, then the connection to the client was cut midway through the answer.</summary>
    InjectedDrop,

    /// <summary>Answered 500 without reaching the target.</summary>
    InjectedServerError,

    /// <summary>Answered 429 with Retry-After without reaching the target.</summary>
    InjectedTooManyRequests,

    /// <summary>The forwarder was down: the connection was closed unanswered.</summary>
    Refused,

    /// <summary>The target did not answer (stopped): 502.</summary>
    TargetUnreachable,

    /// <summary>The client went away before the target answered.</summary>
    ClientGone,
}

/// <summary>One request the forwarder received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query string.</param>
/// <param name="Outcome">What the forwarder did with it.</param>
/// <param name="StatusCode">Status sent (or begun) to the client; null when none was.</param>
public sealed record ForwardedRequest(string Method, string Path, ForwardOutcome Outcome, int? StatusCode)
{
    /// <summary>True when the target saw (and answered) the request.</summary>
    public bool ReachedTarget => Outcome is ForwardOutcome.Forwarded or ForwardOutcome.InjectedDrop;
}

/// <summary>Kinds of fault the forwarder can inject.</summary>
public enum FaultKind
{
    /// <summary>Forward, then cut the connection halfway through the response body (or before the headers when there is none).</summary>
    DropConnection,

    /// <summary>Answer 500 without forwarding.</summary>
    ServerError,

    /// <summary>Answer 429 with Retry-After without forwarding.</summary>
    TooManyRequests,
}

/// <summary>Which requests fail and how: each eligible request fails with <see cref="Probability"/>, drawn from a seeded generator.</summary>
public sealed record FaultInjection
{
    /// <summary>Chance that an eligible request fails, 0 to 1.</summary>
    public required double Probability { get; init; }

    /// <summary>Seed of the draws, so a failing run can be repeated.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Faults to choose from (uniformly) when a request fails.</summary>
    public IReadOnlyList<FaultKind> Kinds { get; init; } = [FaultKind.DropConnection, FaultKind.ServerError, FaultKind.TooManyRequests];

    /// <summary>Retry-After of injected 429 answers.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Which requests may fail (method, path); all but the /v2/ ping when null.</summary>
    public Func<string, string, bool>? Applies { get; init; }

    internal bool AppliesTo(string method, string path) =>
        Applies?.Invoke(method, path) ?? !string.Equals(path, "/v2/", StringComparison.Ordinal);

    internal void Validate()
    {
        if (Probability is < 0 or > 1 || double.IsNaN(Probability))
        {
            throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "between 0 and 1");
        }

        if (Kinds.Count == 0)
        {
            throw new ArgumentException("at least one fault kind", nameof(Kinds));
        }
    }
}
