using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// Starts a real ArtifactKeeper Gateway process on a free loopback port over a temporary data
/// directory, shared by the tests of one class. Setting ARTIFACTKEEPER_E2E_TARGET=distribution
/// starts CNCF distribution (docker-registry, no auth, through <see cref="DistributionRegistry"/>) instead,
/// to check the tests themselves against the reference registry; tests of auth or referrers are expected
/// to fail there.
/// </summary>
public sealed class RegistryServer : IAsyncLifetime
{
    private const int MaxLogChars = 256 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _log = new();
    private readonly bool _useDistribution =
        string.Equals(Environment.GetEnvironmentVariable("ARTIFACTKEEPER_E2E_TARGET"), "distribution", StringComparison.OrdinalIgnoreCase);
    private Process? _process;
    private DistributionRegistry? _distribution;

    /// <summary>Creates the fixture; nothing starts until <see cref="InitializeAsync"/>.</summary>
    public RegistryServer()
    {
        RepositoryRoot = Checkout.Root;
        Port = LoopbackPorts.PickFree();
        HostPort = "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
        BaseAddress = new Uri("http://" + HostPort + "/");
        DataPath = Path.Combine(Path.GetTempPath(), "ak-e2e-" + Guid.NewGuid().ToString("N"));
        AdminPassword = "E2e-" + Guid.NewGuid().ToString("N")[..16];
    }

    /// <summary>Root of the checkout (the folder holding ArtifactKeeper.sln).</summary>
    public string RepositoryRoot { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The loopback port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>127.0.0.1:port, the registry part of image references.</summary>
    public string HostPort { get; }

    /// <summary>Password of the built-in <c>admin</c> user.</summary>
    public string AdminPassword { get; }

    /// <summary>Credentials in the user:password form skopeo and buildah take.</summary>
    public string AdminCredentials => "admin:" + AdminPassword;

    /// <summary>The server's data directory, kept across <see cref="RestartAsync"/>.</summary>
    public string DataPath { get; }

    /// <summary>Process id of the running server (for memory readings from /proc).</summary>
    public int ProcessId => _distribution?.ProcessId ?? _process?.Id ?? throw new InvalidOperationException("the server is not running");

    /// <summary>True when the fixture runs CNCF distribution instead of ArtifactKeeper.</summary>
    public bool IsDistribution => _useDistribution;

    /// <summary>Everything the server printed so far (the tail, when it printed a lot).</summary>
    public string Log
    {
        get
        {
            if (_distribution is not null)
            {
                return _distribution.Log;
            }

            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Full image reference in the <c>library</c> project, e.g. 127.0.0.1:5000/library/name:tag.</summary>
    public string Reference(string repository, string tagOrDigest) =>
        HostPort + "/" + repository + (tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":") + tagOrDigest;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataPath);
        await StartAsync(CancellationToken.None);
    }

    /// <summary>SIGKILLs the server (and anything it started) without letting it shut down.</summary>
    public async Task KillAsync()
    {
        if (_distribution is not null)
        {
            await _distribution.StopAsync();
            return;
        }

        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
        AppendLog("=== killed ===");
    }

    /// <summary>
    /// Extra environment for the server process, applied at the next start (e.g. libfaketime's variables
    /// to run the server with its clock moved forward).
    /// </summary>
    public IDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Starts the server again on the same port over the same data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        AppendLog("=== restarting ===");
        await StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_distribution is not null)
        {
            await _distribution.DisposeAsync();
        }

        var process = _process;
        _process = null;
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_useDistribution)
        {
            // The data directory belongs to this fixture (deleted below), so the registry keeps it on its own dispose.
            _distribution ??= DistributionRegistry.Create(new DistributionRegistryOptions { Port = Port, DataPath = DataPath });
            await _distribution.StartAsync(cancellationToken);
            return;
        }

        var startInfo = GatewayStartInfo();
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;

        // Held open for the server's lifetime: a host whose stdin reaches end-of-file was seen to shut
        // itself down a few seconds after start.
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(process, cancellationToken);
    }

    private ProcessStartInfo GatewayStartInfo()
    {
        var configuration = BuildConfiguration();
        var dll = Path.Combine(RepositoryRoot, "src", "Gateway", "bin", configuration, "net10.0", "ArtifactKeeper.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist; build src/Gateway with -c {configuration} first.");
        }

        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(BaseAddress.GetLeftPart(UriPartial.Authority));
        startInfo.Environment["ArtifactKeeper__DataPath"] = DataPath;
        startInfo.Environment["ArtifactKeeper__AdminPassword"] = AdminPassword;
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in ExtraEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        const string readyPath = "health/ready";
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"The server exited with code {process.ExitCode} before it was ready.\n--- server log ---\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(readyPath, UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
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
                // A single probe timed out; keep polling until the overall deadline.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException(
            $"The server at {BaseAddress} was not ready within {ReadyTimeout.TotalSeconds:0} s.\n--- server log ---\n{Log}");
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

    private static string BuildConfiguration()
    {
        // The tests run from <project>/bin/<Configuration>/<tfm>/; start the Gateway of the same configuration.
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent?.Name;
        return string.IsNullOrEmpty(configuration) ? "Debug" : configuration;
    }
}
