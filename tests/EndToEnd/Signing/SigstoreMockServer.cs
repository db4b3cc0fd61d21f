using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// A private Sigstore on loopback: tools/sigstore-mock (the npm packages <c>sigstore</c> and <c>@sigstore/mock</c>,
/// pinned by its package-lock.json) serving a Fulcio (v1 and v2 APIs), a Rekor and a timestamp authority with
/// throwaway keys made at start. Its trust material lands in a temporary directory; <see cref="SignImageAsync"/>
/// makes cosign v3 style bundles against it. Missing node_modules fail the tests: the signers must not silently
/// go untested.
/// </summary>
public sealed class SigstoreMockServer : IAsyncLifetime
{
    /// <summary>The identity (certificate URI SAN) the tests sign as unless they say otherwise.</summary>
    public const string DefaultIdentity = "https://ci.example.test/signer@refs/heads/main";

    /// <summary>The OIDC issuer the tests sign with unless they say otherwise.</summary>
    public const string DefaultIssuer = "https://oidc.example.test";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("ak-e2e-sigstore");
    private readonly StringBuilder _log = new();
    private Process? _process;

    /// <summary>http://127.0.0.1:port, the base URL of Fulcio, Rekor and the timestamp authority alike.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>trusted_root.json (TUF format) for this run's CA, Rekor, CT log and timestamp authority.</summary>
    public string TrustedRootPath => _directory.Combine("trust/trusted_root.json");

    /// <summary>PEM of the mock Fulcio's root certificate.</summary>
    public string FulcioRootPath => _directory.Combine("trust/fulcio-root.pem");

    /// <summary>PEM of the mock Rekor's public key.</summary>
    public string RekorPublicKeyPath => _directory.Combine("trust/rekor.pub");

    /// <summary>The entry script, tools/sigstore-mock/sigstore-mock.js in the checkout.</summary>
    public static string Script => Path.Combine(Checkout.Root, "tools", "sigstore-mock", "sigstore-mock.js");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var modules = Path.Combine(Checkout.Root, "tools", "sigstore-mock", "node_modules", "@sigstore", "mock");
        if (!Directory.Exists(modules))
        {
            throw new InvalidOperationException(
                $"tools/sigstore-mock is not installed ({modules} is missing): run scripts/install-deps.sh.");
        }

        var port = FreePort();
        Url = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        var info = new ProcessStartInfo(Cli.RequireTool("node"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Script, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--out", _directory.Combine("trust") })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _directory.Dispose();
    }

    /// <summary>An OIDC ID token for <paramref name="identity"/> that the mock Fulcio accepts (it checks no signature).</summary>
    public static async Task<string> TokenAsync(string identity, string issuer, CancellationToken cancellationToken)
    {
        var result = await RunScriptAsync(["token", "--identity", identity, "--issuer", issuer], cancellationToken);
        return result.StandardOutput.Trim();
    }

    /// <summary>
    /// Signs the image <paramref name="digest"/> of <paramref name="name"/> keylessly as cosign v3 does (a DSSE
    /// in-toto statement with the cosign sign predicate, a Rekor dsse entry and an RFC 3161 timestamp) and returns
    /// the v0.3 bundle's bytes.
    /// </summary>
    public async Task<byte[]> SignImageAsync(
        string name, string digest, CancellationToken cancellationToken, string identity = DefaultIdentity, string issuer = DefaultIssuer)
    {
        var output = _directory.Combine("bundle-" + Guid.NewGuid().ToString("N")[..12] + ".json");
        await RunScriptAsync(
            ["sign", "--url", Url.GetLeftPart(UriPartial.Authority), "--digest", digest, "--name", name,
             "--identity", identity, "--issuer", issuer, "--out", output],
            cancellationToken);
        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

    /// <summary>
    /// Verifies <paramref name="bundle"/> offline with @sigstore/verify against this run's trusted root, the given
    /// identity and issuer, and the statement's subject digest; the result tells whether it passed.
    /// </summary>
    public async Task<CliResult> VerifyAsync(
        byte[] bundle, string digest, string identity, string issuer, CancellationToken cancellationToken)
    {
        var path = _directory.Combine("verify-" + Guid.NewGuid().ToString("N")[..12] + ".json");
        await File.WriteAllBytesAsync(path, bundle, cancellationToken);
        return await Cli.TryRunAsync("node",
            [Script, "verify", "--bundle", path, "--trusted-root", TrustedRootPath, "--identity", identity, "--issuer", issuer, "--digest", digest],
            cancellationToken);
    }

    private static Task<CliResult> RunScriptAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Cli.RunAsync("node", arguments.Prepend(Script), cancellationToken);

    private async Task WaitUntilReadyAsync()
    {
        // "ready <url>" is printed once the trust files are written and the port is listening.
        var stopwatch = Stopwatch.StartNew();
        while (!Log().Contains("ready ", StringComparison.Ordinal))
        {
            if (_process!.HasExited || stopwatch.Elapsed > ReadyTimeout)
            {
                throw new InvalidOperationException($"sigstore-mock did not start:\n{Log()}");
            }

            await Task.Delay(50);
        }

        if (!File.Exists(TrustedRootPath))
        {
            throw new InvalidOperationException($"sigstore-mock wrote no {TrustedRootPath}:\n{Log()}");
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
