using System.ComponentModel;
using System.Diagnostics;
using ArtifactKeeper.Scanning.External;

namespace ArtifactKeeper.Scanning.Trivy;

/// <summary>
/// Trivy's command line as a scanner: <c>trivy image --format json --quiet &lt;host[:port]&gt;/&lt;repo&gt;@&lt;digest&gt;</c>
/// against this registry, with a short-lived robot in <c>TRIVY_USERNAME</c>/<c>TRIVY_PASSWORD</c> (never on the
/// command line) and <c>TRIVY_INSECURE</c> for a plain-http registry; its stdout is parsed as a SchemaVersion 2
/// report. With a Trivy server (<see cref="TrivyCliTarget.Server"/>) the binary runs as its client (<c>--server</c>),
/// the registration's credential, if any, in <c>TRIVY_TOKEN</c>. A binary that cannot be started, or a run past
/// <see cref="ExternalScannerOptions.MaxScanTime"/>, is <see cref="ScannerUnavailableException"/>; a non-zero exit is
/// <see cref="ScanFailedException"/>.
/// </summary>
public sealed class TrivyCliScanner(
    TrivyCliTarget target, string? serverToken, ScannerIdentity identity, ScanRobotIssuer robots, IScanRegistryAddress registry, ExternalScannerOptions options, TimeProvider clock)
    : IVulnerabilityScanner
{
    private const int MaxErrorChars = 2000;

    public ScannerIdentity Identity => identity;

    public async Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var registryUrl = registry.RegistryUrl
                          ?? throw new ScannerUnavailableException($"no registry URL is known for external scanners ({ExternalScannerOptions.Section}:RegistryUrl)");
        if (!File.Exists(target.Executable))
        {
            throw new ScannerUnavailableException($"the Trivy binary {target.Executable} does not exist");
        }

        var credential = await robots.IssueAsync(subject.Repository, cancellationToken);
        try
        {
            var output = await RunAsync(registryUrl, subject, credential, cancellationToken);
            return TrivyReportParser.Parse(output, subject.Digest, string.Empty, clock.GetUtcNow());
        }
        finally
        {
            await robots.RevokeAsync(credential);
        }
    }

    private async Task<byte[]> RunAsync(Uri registryUrl, ScanSubject subject, ScanCredential credential, CancellationToken cancellationToken)
    {
        var executable = target.Executable;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "image", "--format", "json", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        if (target.Server is { } server)
        {
            start.ArgumentList.Add("--server");
            start.ArgumentList.Add(server.AbsoluteUri);
            if (!string.IsNullOrEmpty(serverToken))
            {
                start.Environment["TRIVY_TOKEN"] = serverToken;
            }
        }

        start.ArgumentList.Add($"{registryUrl.Authority}/{subject.Repository}@{subject.Digest}");

        start.Environment["TRIVY_USERNAME"] = credential.Username;
        start.Environment["TRIVY_PASSWORD"] = credential.Secret;
        if (registryUrl.Scheme == Uri.UriSchemeHttp)
        {
            start.Environment["TRIVY_INSECURE"] = "true";
            start.Environment["TRIVY_NON_SSL"] = "true";
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ScannerUnavailableException($"the Trivy binary {executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new ScannerUnavailableException($"the Trivy binary {executable} cannot be run: {e.Message}", e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.MaxScanTime);
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await Task.WhenAll(copy, stderr, process.WaitForExitAsync(timeout.Token));
            }
            catch (OperationCanceledException e)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new ScannerUnavailableException($"Trivy did not finish within {options.MaxScanTime}", e);
            }

            if (process.ExitCode != 0)
            {
                var error = (await stderr).Trim();
                throw new ScanFailedException($"Trivy exited with {process.ExitCode}: {(error.Length > MaxErrorChars ? error[..MaxErrorChars] : error)}");
            }

            return stdout.ToArray();
        }
    }
}
