using Orleans.Runtime.Messaging;

namespace ArtifactKeeper.Hosting;

/// <summary>
/// Tells a failure of the cluster's plumbing (a silo died, a message could not be delivered, a grain
/// call timed out while membership catches up) from a bug. The former answers 503 with Retry-After:
/// the request changed nothing that was acknowledged, and the same request shortly succeeds.
/// </summary>
public static class TransientClusterFailure
{
    /// <summary>Seconds a client is asked to wait; membership declares a dead silo within seconds.</summary>
    public const int RetryAfterSeconds = 2;

    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SiloUnavailableException
                or OrleansMessageRejectionException
                or ClientNotAvailableException
                or ConnectionFailedException
                or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
