using System.Diagnostics;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>Runs a command-line tool a fixture needs (initdb, ldapadd, chown…) to its end.</summary>
public static class ToolProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; a non-zero exit throws with both outputs.</summary>
    public static async Task RunAsync(string program, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
