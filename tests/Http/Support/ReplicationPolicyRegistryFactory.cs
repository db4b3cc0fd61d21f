using System.Collections.Concurrent;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A registry with stand-ins for two stores other pieces of issue 10 build in parallel: registry endpoints
/// (<see cref="Endpoints"/>) and replication executions (<see cref="Executions"/>). TEMPORARY test doubles: the lead
/// replaces them with the real SQLite stores at integration.
/// </summary>
public sealed class ReplicationPolicyRegistryFactory : RegistryFactory
{
    public StandInRegistryEndpoints Endpoints { get; } = new();

    public StandInReplicationExecutions Executions { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IRegistryEndpointMetadata>(Endpoints);
            services.AddSingleton<IReplicationExecutionMetadata>(Executions);
        });
    }
}

/// <summary>Registry endpoints held in memory (stand-in for the endpoints piece's store).</summary>
public sealed class StandInRegistryEndpoints : IRegistryEndpointMetadata
{
    private readonly ConcurrentDictionary<long, RegistryEndpointRecord> _endpoints = new();
    private long _next = 100;

    public RegistryEndpoint Add(string name, string type = RegistryEndpointTypes.DockerRegistry)
    {
        var id = Interlocked.Increment(ref _next);
        var at = DateTimeOffset.UnixEpoch.AddDays(20000);
        var endpoint = new RegistryEndpoint(id, name, type, "http://127.0.0.1:5999", "a stand-in", true, RegistryCredentialTypes.Basic, "user", true, "healthy", at, at);
        _endpoints[id] = new RegistryEndpointRecord(endpoint, "sealed");
        return endpoint;
    }

    public Task<RegistryEndpointRecord?> GetRegistryEndpointAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(_endpoints.TryGetValue(id, out var found) ? found : null);
}

/// <summary>Replication executions held in memory (stand-in for the executions piece's store).</summary>
public sealed class StandInReplicationExecutions : IReplicationExecutionMetadata
{
    private readonly ConcurrentDictionary<long, long> _active = new();
    private long _next;

    public IReadOnlyCollection<long> ActivePolicies => _active.Values.ToList();

    public Task<long> CreateReplicationExecutionAsync(long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _next);
        _active[id] = policyId;
        return Task.FromResult(id);
    }

    public Task<bool> HasActiveReplicationExecutionAsync(long policyId, CancellationToken cancellationToken) =>
        Task.FromResult(_active.Values.Contains(policyId));

    public void EndAll() => _active.Clear();

    public void MarkRunning(long policyId) => _active[Interlocked.Increment(ref _next)] = policyId;
}
