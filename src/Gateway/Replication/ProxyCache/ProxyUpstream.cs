using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Opens the upstream of a proxy-cache project and bounds each call by <see cref="ProxyCacheOptions.UpstreamTimeout"/>.
/// The factory is resolved on first use: it is registered by the replication services, which a gateway without any
/// proxy-cache project never needs.
/// </summary>
public sealed class ProxyUpstream(IServiceProvider services, IOptions<ProxyCacheOptions> options)
{
    private IRemoteRegistryFactory Factory => services.GetRequiredService<IRemoteRegistryFactory>();

    public TimeSpan Timeout => options.Value.UpstreamTimeout;

    /// <summary>The endpoint, opened; throws <see cref="OciRegistryException"/> (not transient) when it no longer exists.</summary>
    public async Task<IRemoteRegistry> OpenAsync(long registryId, CancellationToken cancellationToken) =>
        await Factory.OpenAsync(registryId, cancellationToken)
        ?? throw new OciRegistryException($"registry endpoint {registryId} of the proxy-cache project does not exist", System.Net.HttpStatusCode.BadGateway, transient: false);

    /// <summary>Runs one upstream call under the timeout (a timeout surfaces as <see cref="TimeoutException"/>).</summary>
    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            return await call(bounded.Token);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the upstream registry did not answer within {Timeout}");
        }
    }
}
