using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>Which failures of a transfer are worth another attempt, and how long the registry asked to wait.</summary>
public static class TransferFailures
{
    /// <summary>
    /// Transient: the registry said so (5xx, 429, timeouts), or the connection broke (I/O, HTTP transport, a client
    /// timeout). Anything else (denied, not found, bad manifest, our own bug) fails the task at once.
    /// </summary>
    public static bool IsTransient(Exception failure) => failure switch
    {
        OciRegistryException registry => registry.Transient,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };

    public static TimeSpan? RetryAfter(Exception failure) => (failure as OciRegistryException)?.RetryAfter;
}
