using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.S3;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs.S3;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// A real s3rver (npm, pinned in tools/s3rver) started for the tests on a free loopback port over a
/// temporary directory, and removed afterwards. Missing node_modules fail the tests: the S3 store
/// must not silently go untested.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime
{
    /// <summary>s3rver's built-in account; it does not check SigV4 signatures but needs a known key id.</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private readonly StringBuilder _log = new();
    private Process? _process;
    private string _root = string.Empty;

    public int Port { get; private set; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Options for a store on <paramref name="bucket"/> of this server.</summary>
    public S3BlobOptions Options(string bucket) => new()
    {
        ServiceUrl = ServiceUrl,
        Bucket = bucket,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        ForcePathStyle = true,
    };

    public AmazonS3Client CreateClient() => S3ClientFactory.Create(Options("unused"));

    /// <summary>Creates a fresh, uniquely named bucket and returns its name.</summary>
    public async Task<string> CreateBucketAsync(string prefix = "ak")
    {
        var bucket = prefix + "-" + Guid.NewGuid().ToString("N")[..12];
        using var client = CreateClient();
        await new S3BlobStore(client, bucket).EnsureBucketAsync(CancellationToken.None);
        return bucket;
    }

    public async ValueTask InitializeAsync()
    {
        var entry = Path.Combine(FindRepositoryRoot(), "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed ({entry} is missing): run scripts/install-deps.sh (it runs npm ci --prefix tools/s3rver).");
        }

        _root = Path.Combine(Path.GetTempPath(), "ak-s3rver-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        Port = LoopbackPorts.PickFree();
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver encrypts list continuation tokens with DES, which Node's OpenSSL 3 only offers
        // through the legacy provider; without it any listing past 1000 keys fails.
        foreach (var argument in new[] { "--openssl-legacy-provider", entry, "--directory", _root, "--address", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--silent" })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed: run scripts/install-deps.sh", e);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                // Any HTTP answer (s3rver refuses anonymous listing) means it is serving.
                using var response = await http.GetAsync(ServiceUrl);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (_process!.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"s3rver did not start: {ex.Message}\n{Log()}", ex);
                }

                await Task.Delay(100);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ArtifactKeeper.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ArtifactKeeper.sln not found above {AppContext.BaseDirectory}.");
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
}
