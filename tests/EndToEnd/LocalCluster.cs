using System.Globalization;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// The cluster of <c>deploy/local/cluster.sh</c>: PostgreSQL, s3rver, two silos and two gateways on
/// loopback, in a private state directory, destroyed afterwards. Driven through the script itself, as a
/// developer would, so the script is under test too. A subclass may add settings for every process of its cluster.
/// </summary>
public class LocalCluster : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);
    private readonly string _script = Path.Combine(Checkout.Root, "deploy", "local", "cluster.sh");
    private readonly Dictionary<string, string> _environment;

    public LocalCluster()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A cluster whose every process also gets <paramref name="settings"/> (environment variables).</summary>
    protected LocalCluster(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StatePath = Path.Combine(Path.GetTempPath(), "ak-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        AdminPassword = "Cluster-" + Guid.NewGuid().ToString("N")[..16];
        _environment = new Dictionary<string, string>
        {
            ["AK_CLUSTER_STATE"] = StatePath,
            ["CONFIGURATION"] = Checkout.Configuration,

            // The test build already built the silo and gateway (this project references them).
            ["AK_CLUSTER_BUILD"] = "0",
            ["ArtifactKeeper__AdminPassword"] = AdminPassword,
        };
        foreach (var (name, value) in settings)
        {
            _environment[name] = value;
        }
    }

    public string StatePath { get; }

    public string AdminPassword { get; }

    public string AdminCredentials => "admin:" + AdminPassword;

    /// <summary>Base addresses of the gateways, as <c>up</c> printed them (they change on every start).</summary>
    public IReadOnlyList<Uri> Gateways { get; private set; } = [];

    /// <summary>What the last <c>up</c> printed on standard output.</summary>
    public string LastUpOutput { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync() => await UpAsync(CancellationToken.None);

    public async Task UpAsync(CancellationToken cancellationToken)
    {
        var result = await RunScriptAsync("up", cancellationToken);
        LastUpOutput = result.StandardOutput;
        Gateways = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("gateway: ", StringComparison.Ordinal))
            .Select(line => new Uri(line["gateway: ".Length..].TrimEnd('/') + "/"))
            .ToList();
    }

    public async Task DownAsync(CancellationToken cancellationToken) => await RunScriptAsync("down", cancellationToken);

    /// <summary><c>kill -9</c> of silo <paramref name="number"/> (1-based), as a machine failure would.</summary>
    public async Task KillSiloAsync(int number, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(StatePath, "pids", $"silo-{number}.pid");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
        await Cli.RunAsync("kill", ["-9", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken);
    }

    /// <summary>The connection string of the cluster's PostgreSQL database (its port changes on every start).</summary>
    public string MetadataConnectionString =>
        $"Host=127.0.0.1;Port={ReadPort("pg.port")};Username=postgres;Database=artifactkeeper";

    /// <summary>The address of the cluster's s3rver (its port changes on every start).</summary>
    public Uri S3ServiceUrl => new($"http://127.0.0.1:{ReadPort("s3.port")}");

    /// <summary>The bucket the cluster keeps its blobs in (the script's default).</summary>
    public static string S3Bucket => "artifactkeeper";

    /// <summary>The log of one process of the cluster (<c>silo-1</c>, <c>gateway-2</c>, ...), empty when it has none.</summary>
    public string LogOf(string process)
    {
        var file = Path.Combine(StatePath, "logs", process + ".log");
        return File.Exists(file) ? File.ReadAllText(file) : string.Empty;
    }

    private int ReadPort(string file) =>
        int.Parse(File.ReadAllText(Path.Combine(StatePath, file)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The reference of an image on gateway <paramref name="gateway"/> (0-based), for skopeo.</summary>
    public string Reference(int gateway, string repository, string tag) =>
        $"{Gateways[gateway].Authority}/{repository}:{tag}";

    public async ValueTask DisposeAsync()
    {
        var result = await Cli.TryRunAsync("bash", [_script, "destroy"], CancellationToken.None, ScriptTimeout, environment: _environment);
        if (result.ExitCode != 0)
        {
            Console.Error.WriteLine(result.Describe());
        }
    }

    private async Task<CliResult> RunScriptAsync(string command, CancellationToken cancellationToken)
    {
        var result = await Cli.TryRunAsync("bash", [_script, command], cancellationToken, ScriptTimeout, environment: _environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe() + "\n--- logs ---\n" + Logs());
        }

        return result;
    }

    /// <summary>The tail of every process log, for failure messages.</summary>
    public string Logs()
    {
        var directory = Path.Combine(StatePath, "logs");
        if (!Directory.Exists(directory))
        {
            return "(no logs)";
        }

        return string.Join('\n', Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal).Select(file =>
        {
            var lines = File.ReadAllLines(file);
            return $"== {Path.GetFileName(file)} ==\n" + string.Join('\n', lines.TakeLast(40));
        }));
    }
}
