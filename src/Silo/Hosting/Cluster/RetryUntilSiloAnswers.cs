using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>
/// Keeps a gateway's first connection attempt going until a silo answers or the host stops, so start
/// order between silos and gateways does not matter; readiness stays 503 meanwhile.
/// </summary>
internal sealed class RetryUntilSiloAnswers(ILogger<RetryUntilSiloAnswers> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        logger.LogWarning("No silo reachable yet ({Reason}); retrying in {Delay}", exception.Message, Delay);
        await Task.Delay(Delay, cancellationToken);
        return true;
    }
}
