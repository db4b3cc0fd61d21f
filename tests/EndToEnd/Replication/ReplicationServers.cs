namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// A second ArtifactKeeper server for a test class that already has a <see cref="RegistryServer"/>: the peer of
/// <c>artifact-keeper</c> endpoints (xUnit shares fixtures by type, so the second one needs its own type).
/// </summary>
public sealed class SecondRegistryServer : IAsyncLifetime
{
    /// <summary>The second server.</summary>
    public RegistryServer Server { get; } = new();

    /// <inheritdoc />
    public ValueTask InitializeAsync() => Server.InitializeAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// A server whose replication retries come quickly and often, so the fault tests (a fifth of requests failing, a
/// destination down for a while) end in seconds rather than minutes. The option names are the executions piece's
/// (ArtifactKeeper:Replication:BaseDelay, MaxDelay, MaxAttempts).
/// </summary>
public sealed class FastRetryRegistryServer : IAsyncLifetime
{
    /// <summary>The server, started with the retry options below.</summary>
    public RegistryServer Server { get; } = new();

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        Server.ExtraEnvironment["ArtifactKeeper__Replication__BaseDelay"] = "00:00:00.200";
        Server.ExtraEnvironment["ArtifactKeeper__Replication__MaxDelay"] = "00:00:02";
        Server.ExtraEnvironment["ArtifactKeeper__Replication__MaxAttempts"] = "30";
        return Server.InitializeAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
