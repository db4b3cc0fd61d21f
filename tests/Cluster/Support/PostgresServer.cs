using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ArtifactKeeper.Tests.Shared.Loopback;
using Npgsql;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// A real PostgreSQL server (Debian's package) started for the tests on a free loopback port in a
/// temporary directory, and removed afterwards. initdb and postgres refuse to run as root, so as
/// root they run as the <c>postgres</c> user through runuser.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _process;
    private string _root = string.Empty;

    public int Port { get; private set; }

    /// <summary>Connection string to the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "ak")
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask InitializeAsync()
    {
        var bin = FindBinDirectory();
        _root = Path.Combine(Path.GetTempPath(), "ak-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await ToolProcess.RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        await ToolProcess.RunAsync(Wrap(asRoot, Path.Combine(bin, "initdb")), WrapArgs(asRoot, Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]));
        Port = LoopbackPorts.PickFree();
        var postgres = Path.Combine(bin, "postgres");
        var info = new ProcessStartInfo(Wrap(asRoot, postgres))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in WrapArgs(asRoot, postgres,
            ["-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _root, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"]))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start postgres");
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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (_process!.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"PostgreSQL did not start: {ex.Message}\n{Log()}", ex);
                }

                await Task.Delay(200);
            }
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

    private static string Wrap(bool asRoot, string program) => asRoot ? "runuser" : program;

    private static IEnumerable<string> WrapArgs(bool asRoot, string program, IEnumerable<string> arguments) =>
        asRoot ? new[] { "-u", "postgres", "--", program }.Concat(arguments) : arguments;

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/install-deps.sh");
    }

}
