using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ArtifactKeeper.Tests.Http.Support.Loopback;

/// <summary>
/// CNCF distribution (Debian's <c>docker-registry</c>, no auth) on a free loopback port over a temp directory: a real
/// upstream or destination registry for tests. Stop and start it to take it down and bring it back with its content.
/// </summary>
public sealed class DistributionServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-distribution-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    private DistributionServer(int port)
    {
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public static async Task<DistributionServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new DistributionServer(FreePort());
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            """, cancellationToken);
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ReadyTimeout)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException("docker-registry did not become ready");
    }

    /// <summary>Stops the server; its content stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
