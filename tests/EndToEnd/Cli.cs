using System.Diagnostics;
using System.Text;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>Output of one finished command.</summary>
public sealed record CliResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the command printed, for failure messages.</summary>
    public string Describe() =>
        $"`{Command}` exited with {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs external tools (skopeo, podman, buildah) without a shell and captures what they print.</summary>
public static class Cli
{
    /// <summary>Default upper bound for one command; image copies over loopback finish far sooner.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Absolute path of <paramref name="tool"/> on PATH (or <paramref name="tool"/> itself when it is an absolute
    /// path, such as a tool unpacked into the checkout); fails the test (not skips) when missing.
    /// </summary>
    public static string RequireTool(string tool)
    {
        if (Path.IsPathRooted(tool))
        {
            Assert.True(File.Exists(tool), $"'{tool}' does not exist. The end-to-end tests need it; run scripts/install-deps.sh.");
            return tool;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{tool}' is not on PATH. The end-to-end tests need it; run scripts/install-deps.sh.");
        return tool;
    }

    /// <summary>Runs the command and throws, with everything it printed, when it exits non-zero.</summary>
    public static async Task<CliResult> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await TryRunAsync(tool, arguments, cancellationToken, timeout, standardInput, environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe());
        }

        return result;
    }

    /// <summary>Runs the command and returns its result whatever the exit code (for expected failures).</summary>
    public static async Task<CliResult> TryRunAsync(
        string tool,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(RequireTool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var command = tool + " " + string.Join(' ', startInfo.ArgumentList);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException(
                new CliResult(command, -1, Snapshot(stdout), Snapshot(stderr)).Describe() + "\n(timed out)");
        }

        // The parameterless wait drains the asynchronous output readers.
        await process.WaitForExitAsync(CancellationToken.None);
        return new CliResult(command, process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
