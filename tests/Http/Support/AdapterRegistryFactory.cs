using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// The gateway on a real loopback port (Kestrel) with the scanner adapter server on (API key
/// <see cref="ApiKey"/>, Refresh-After 1 s), so our adapter client can call our adapter server, which pulls from this
/// same registry over HTTP. The scan engine is <see cref="LayerReadingEngine"/> until the built-in engine (scan-core)
/// is merged; it is registered as the built-in scanner too. The factory records who pulled (/v2 and token calls) and
/// how many 302s the report endpoint answered.
/// </summary>
public sealed class AdapterRegistryFactory : RegistryFactory
{
    public const string ApiKey = "adapter-test-key-1";

    public LogCapture Logs { get; } = new();

    public ConcurrentQueue<string> PullUsers { get; } = new();

    public int ReportRedirects => _redirects;

    public LayerReadingEngine Engine { get; } = new();

    private int _redirects;

    public AdapterRegistryFactory() => UseKestrel(0);

    /// <summary>The base URL of the running gateway (Kestrel), started on first use.</summary>
    public Uri BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>Clients made by <see cref="RegistryFactory"/> go to the Kestrel address, not TestServer's default "localhost".</summary>
    protected override Uri ClientBaseAddress => BaseUrl;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("ArtifactKeeper:Scanning:AdapterServer:Enabled", "true"),
        new("ArtifactKeeper:Scanning:AdapterServer:ApiKey", ApiKey),
        new("ArtifactKeeper:Scanning:AdapterServer:RefreshAfterSeconds", "1"),
        new("ArtifactKeeper:Scanning:MaxScanTime", "00:01:00"),
    ];

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(Logs);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IAdapterScanEngine>(Engine);
            services.AddKeyedSingleton<IVulnerabilityScanner>(ScannerResolver.BuiltInKey, new FixedBuiltInScanner());
            services.AddSingleton<IStartupFilter>(new Recorder(this));
        });
    }

    private sealed class Recorder(AdapterRegistryFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                var path = context.Request.Path.Value ?? string.Empty;
                var authorization = context.Request.Headers.Authorization.ToString();
                if ((path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/service/token", StringComparison.Ordinal)) &&
                    authorization.StartsWith("Basic ", StringComparison.Ordinal))
                {
                    var user = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])).Split(':')[0];
                    factory.PullUsers.Enqueue(user);
                }

                await proceed();
                if (path.StartsWith("/api/v1/scan/", StringComparison.Ordinal) && context.Response.StatusCode == StatusCodes.Status302Found)
                {
                    Interlocked.Increment(ref factory._redirects);
                    factory.Engine.ReleaseOnePoll();
                }
            });
            next(app);
        };
    }
}

/// <summary>
/// A scan engine that really reads the artifact through the content it is given (manifest, config and every layer,
/// to the end, so the digests are verified) and reports one High finding per layer. It holds each scan until the
/// report endpoint has answered a 302, so the client's polling is exercised on every scan.
/// </summary>
public sealed class LayerReadingEngine : IAdapterScanEngine
{
    private readonly SemaphoreSlim _polled = new(0);

    public ScannerIdentity Identity { get; } = new("TestEngine", "ArtifactKeeper tests", "1.0");

    public string DatabaseVersion => "test-db-1";

    public void ReleaseOnePoll() => _polled.Release();

    public async Task<VulnerabilityReport> ScanAsync(IArtifactContent content, string digest, CancellationToken cancellationToken)
    {
        // Releases left by earlier scans do not count: this scan waits for a 302 answered while it runs.
        while (_polled.Wait(0, CancellationToken.None))
        {
        }

        var manifest = await content.GetManifestAsync(digest, cancellationToken);
        var json = JsonNode.Parse(manifest.Bytes.Span)!;
        var blobs = new List<string> { (string)json["config"]!["digest"]! };
        blobs.AddRange(json["layers"]!.AsArray().Select(layer => (string)layer!["digest"]!));
        foreach (var blob in blobs)
        {
            await using var stream = await content.OpenBlobAsync(blob, cancellationToken);
            await stream.CopyToAsync(Stream.Null, cancellationToken);
        }

        await _polled.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var findings = blobs.Skip(1)
            .Select((layer, i) => new VulnerabilityFinding($"TEST-{i + 1}", "layer", layer, "2.0", VulnerabilitySeverity.High)
            {
                CweIds = ["CWE-1"],
                PreferredCvss = new CvssScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1),
                LayerDiffId = layer,
            })
            .ToList();
        return new VulnerabilityReport(digest, Identity, DatabaseVersion, DateTimeOffset.UtcNow, findings);
    }
}

/// <summary>The built-in scanner stand-in the resolver falls back to: one Low finding, named so tests can tell it apart.</summary>
public sealed class FixedBuiltInScanner : IVulnerabilityScanner
{
    public ScannerIdentity Identity => ScannerIdentity.BuiltIn;

    public Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken) =>
        Task.FromResult(new VulnerabilityReport(
            subject.Digest, Identity, "builtin-db", DateTimeOffset.UtcNow,
            [new VulnerabilityFinding("BUILTIN-1", "pkg", "1.0", null, VulnerabilitySeverity.Low)]));
}
