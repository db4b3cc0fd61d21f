namespace ArtifactKeeper.Tests.EndToEnd.Signing;

/// <summary>
/// Debian trixie's skopeo 1.18, which signs and verifies sigstore signatures (bookworm's skopeo, the one on PATH,
/// is built with sigstore disabled). scripts/install-trixie-skopeo.sh unpacks it into the checkout's tool cache.
/// </summary>
public static class TrixieSkopeo
{
    /// <summary>The wrapper that runs it through trixie's loader and libraries.</summary>
    public static string Tool { get; } = Path.Combine(Checkout.Root, ".tools", "skopeo-trixie", "skopeo");

    /// <summary>Runs skopeo and throws, with everything it printed, when it exits non-zero.</summary>
    public static Task<CliResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Cli.RunAsync(Tool, arguments, cancellationToken);

    /// <summary>Runs skopeo and returns its result whatever the exit code.</summary>
    public static Task<CliResult> TryRunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Cli.TryRunAsync(Tool, arguments, cancellationToken);
}
