using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.Trivy;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// Builds the scanner a registration names: an <c>http(s)://</c> URL is a Harbor adapter; a
/// <c>trivy+cli:///path/to/trivy</c> URL runs that Trivy binary (as a client of a Trivy server with <c>?server=</c>). Owns the HTTP clients adapters are called with (one
/// that verifies certificates, one for registrations with <c>skip_certVerify</c>).
/// </summary>
public sealed class ExternalScanners : IDisposable
{
    public const string TrivyCliScheme = "trivy+cli";

    private readonly ScanRobotIssuer _robots;
    private readonly IScanRegistryAddress _registry;
    private readonly ExternalScannerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;
    private readonly HttpClient _insecureHttp;

    public ExternalScanners(ScanRobotIssuer robots, IScanRegistryAddress registry, IOptions<ExternalScannerOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _robots = robots;
        _registry = registry;
        _options = options.Value;
        _clock = clock;
        _loggers = loggers;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var insecure = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        // Harbor's skip_certVerify: the administrator chose to trust this adapter's certificate without checking it.
#pragma warning disable CA5359
        insecure.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        _insecureHttp = new HttpClient(insecure) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>True when <paramref name="url"/> is a URL a registration may have (an adapter or a Trivy binary).</summary>
    public static bool IsSupportedUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme is "http" or "https" || (uri.Scheme == TrivyCliScheme && TrivyCliTarget.Parse(uri, out _) is not null));

    /// <summary>The adapter API client of an adapter registration (for ping and metadata).</summary>
    public AdapterApiClient AdapterClient(Uri url, string? auth, string? credential, bool skipCertVerify) =>
        new(skipCertVerify ? _insecureHttp : _http, AdapterEndpoint.For(url, auth, credential), _options.RequestTimeout);

    /// <summary>The scanner of an external registration, with its plain credential.</summary>
    public IVulnerabilityScanner Create(ScannerRegistrationRecord registration, string? credential)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var url = new Uri(registration.Url);
        if (url.Scheme == TrivyCliScheme)
        {
            var target = TrivyCliTarget.Parse(url, out var error) ?? throw new ScanFailedException($"scanner {registration.Name}: {error}");
            return new TrivyCliScanner(target, credential, TrivyReportParser.DefaultIdentity, _robots, _registry, _options, _clock);
        }

        return new HarborAdapterScanner(
            AdapterClient(url, registration.Auth, credential, registration.SkipCertVerify),
            new ScannerIdentity(registration.Name, "Harbor scanner adapter", "1.1"),
            _robots,
            _registry,
            _options,
            _clock,
            _loggers.CreateLogger<HarborAdapterScanner>());
    }

    public void Dispose()
    {
        _http.Dispose();
        _insecureHttp.Dispose();
    }
}
