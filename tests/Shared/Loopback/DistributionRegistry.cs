using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>
/// The real CNCF distribution registry (Debian's <c>docker-registry</c>, 2.8) on a free loopback port, with
/// filesystem storage in a temporary directory and deletes enabled. It can be stopped and started again on the
/// same port over the same data, which is how tests make an upstream or a replication target "go down".
/// Usable as an xUnit class fixture (starts in <see cref="InitializeAsync"/>) or created and started by hand.
/// </summary>
public sealed class DistributionRegistry : IAsyncLifetime
{
    private const int MaxLogChars = 128 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private readonly bool _ownsDataPath;
    private Process? _process;

    /// <summary>An anonymous registry on a free port over a fresh temporary directory.</summary>
    public DistributionRegistry()
        : this(new DistributionRegistryOptions())
    {
    }

    // One public constructor: xUnit class fixtures need exactly one.
    private DistributionRegistry(DistributionRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.Username is null) != (options.Password is null))
        {
            throw new ArgumentException("set both Username and Password, or neither", nameof(options));
        }

        Port = options.Port ?? LoopbackPorts.PickFree();
        HostPort = "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
        Tls = options.Tls;
        BaseAddress = new Uri((Tls is null ? "http://" : "https://") + HostPort + "/");
        _ownsDataPath = options.DataPath is null;
        DataPath = options.DataPath ?? Path.Combine(Path.GetTempPath(), "ak-distribution-" + Guid.NewGuid().ToString("N"));
        Username = options.Username;
        Password = options.Password;
        TokenAuth = options.TokenAuth;
        if (TokenAuth is not null && Username is not null)
        {
            throw new ArgumentException("a registry uses basic or token auth, not both", nameof(options));
        }
    }

    /// <summary>Distribution's token auth, when the registry delegates authentication to a token server.</summary>
    public DistributionTokenAuth? TokenAuth { get; }

    /// <summary>The certificate the registry serves HTTPS with, or null for plain HTTP.</summary>
    public LoopbackCertificate? Tls { get; }

    /// <summary>A registry as <paramref name="options"/> say (port, data directory, basic auth); not started yet.</summary>
    public static DistributionRegistry Create(DistributionRegistryOptions options) => new(options);

    /// <summary>The loopback port, the same across stops and starts.</summary>
    public int Port { get; }

    /// <summary>127.0.0.1:port, the registry part of image references.</summary>
    public string HostPort { get; }

    /// <summary>http://127.0.0.1:port/ (https:// when it serves <see cref="Tls"/>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Holds the generated config, the htpasswd file and the <c>storage</c> root.</summary>
    public string DataPath { get; }

    /// <summary>Root directory of the filesystem storage driver.</summary>
    public string StoragePath => Path.Combine(DataPath, "storage");

    /// <summary>Basic-auth user, or null when the registry is anonymous.</summary>
    public string? Username { get; }

    /// <summary>Basic-auth password, or null when the registry is anonymous.</summary>
    public string? Password { get; }

    /// <summary>True when the registry asks for basic auth.</summary>
    public bool RequiresAuth => Username is not null;

    /// <summary>user:password for skopeo's --creds, or null when anonymous.</summary>
    public string? Credentials => RequiresAuth ? Username + ":" + Password : null;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Process id of the running registry.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the registry is not running");

    /// <summary>What the registry printed so far (its tail when long), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>An image reference on this registry: host:port/repository:tag or host:port/repository@digest.</summary>
    public string Reference(string repository, string tagOrDigest) =>
        HostPort + "/" + repository + (tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":") + tagOrDigest;

    /// <summary>An HttpClient on <see cref="BaseAddress"/> that sends the basic credentials when there are any.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(TestHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (RequiresAuth)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials!)));
        }

        return client;
    }

    /// <inheritdoc />
    public ValueTask InitializeAsync() => new(StartAsync());

    /// <summary>Starts the registry (again) on <see cref="Port"/> over <see cref="DataPath"/> and waits for /v2/.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        Directory.CreateDirectory(DataPath);
        var config = WriteConfiguration();
        var startInfo = new ProcessStartInfo(FindTool("docker-registry"))
        {
            WorkingDirectory = DataPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(config);

        // A fixed secret keeps upload state valid across a stop and start (distribution signs upload state with it).
        startInfo.Environment["REGISTRY_HTTP_SECRET"] = "ak-loopback-" + Port.ToString(CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        AppendLog("=== starting docker-registry on " + HostPort + " ===");
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start docker-registry");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await WaitUntilReadyAsync(process, cancellationToken);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Stops the registry, keeping its data for the next <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
        AppendLog("=== stopped ===");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataPath)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>
    /// The fixture's own clients: with TLS they accept exactly the certificate this registry was given (and nothing
    /// else), so the harness works while the product under test still has to decide about the certificate itself.
    /// </summary>
    private SocketsHttpHandler TestHandler()
    {
        var handler = new SocketsHttpHandler();
        if (Tls is { } tls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), tls.Thumbprint, StringComparison.OrdinalIgnoreCase);
        }

        return handler;
    }

    private string WriteConfiguration()
    {
        var auth = string.Empty;
        if (RequiresAuth)
        {
            var htpasswd = Path.Combine(DataPath, "htpasswd");
            File.WriteAllText(htpasswd, BcryptHtpasswd.Line(Username!, Password!) + "\n");
            auth = $"""

                auth:
                  htpasswd:
                    realm: loopback-distribution
                    path: {htpasswd}
                """;
        }
        else if (TokenAuth is { } token)
        {
            auth = $"""

                auth:
                  token:
                    realm: {token.Realm}
                    service: {token.Service}
                    issuer: {token.Issuer}
                    rootcertbundle: {token.RootCertBundlePath}
                """;
        }

        var tls = Tls is null ? string.Empty : $"""

              tls:
                certificate: {Tls.CertificatePath}
                key: {Tls.KeyPath}
            """;
        var config = Path.Combine(DataPath, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {StoragePath}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: {HostPort}
            """ + tls + auth + "\n");
        return config;
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(TestHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"docker-registry exited with code {process.ExitCode} before it was ready.\n--- log ---\n{Log}");
            }

            try
            {
                // 401 counts as ready: with basic auth the anonymous probe is refused by a live server.
                using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative), cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One probe timed out; keep polling until the overall deadline.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"docker-registry on {HostPort} was not ready within {ReadyTimeout.TotalSeconds:0} s.\n--- log ---\n{Log}");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > MaxLogChars)
            {
                // Keep the tail: the end of the log is where a failure shows.
                _log.Remove(0, _log.Length - (MaxLogChars / 2));
            }
        }
    }

    private static string FindTool(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{tool}' is not on PATH; run scripts/install-deps.sh.");
    }
}

/// <summary>How to start a <see cref="DistributionRegistry"/>.</summary>
public sealed record DistributionRegistryOptions
{
    /// <summary>Loopback port; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>Directory for config and storage (kept on dispose when given); a fresh temporary one when null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Basic-auth user (htpasswd with bcrypt); anonymous when null.</summary>
    public string? Username { get; init; }

    /// <summary>Basic-auth password; set together with <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Token auth (distribution's <c>auth: token:</c>): the registry trusts JWTs signed by the bundle's keys.</summary>
    public DistributionTokenAuth? TokenAuth { get; init; }

    /// <summary>Serve HTTPS with this certificate (distribution's <c>http.tls</c>); plain HTTP when null.</summary>
    public LoopbackCertificate? Tls { get; init; }

    /// <summary>Options for a registry asking for basic auth with a generated password.</summary>
    public static DistributionRegistryOptions WithBasicAuth(string username = "replicator") =>
        new() { Username = username, Password = "Pw-" + Guid.NewGuid().ToString("N")[..20] };
}

/// <summary>
/// Distribution's token auth settings: clients are sent to <see cref="Realm"/>; tokens must name <see cref="Issuer"/>,
/// have <see cref="Service"/> as audience and be signed by a key of a certificate in the PEM file
/// <see cref="RootCertBundlePath"/> (carried in the token's <c>x5c</c> header).
/// </summary>
public sealed record DistributionTokenAuth(string Realm, string Service, string Issuer, string RootCertBundlePath);
