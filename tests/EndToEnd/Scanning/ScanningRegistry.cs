namespace ArtifactKeeper.Tests.EndToEnd.Scanning;

/// <summary>
/// One registry per test class, started on first use with <c>ArtifactKeeper:Scanning:OsvDatabasePath</c> naming the
/// fixture OSV folder. Lazy, so a test that skips because <c>../shared</c> is absent never starts a server.
/// </summary>
public sealed class ScanningRegistry : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RegistryServer? _server;

    /// <summary>The running server, started over <paramref name="osvDatabasePath"/> on the first call.</summary>
    public async Task<RegistryServer> StartAsync(string osvDatabasePath)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_server is null)
            {
                var server = new RegistryServer();
                server.ExtraEnvironment["ArtifactKeeper__Scanning__OsvDatabasePath"] = osvDatabasePath;
                try
                {
                    await server.InitializeAsync();
                }
                catch
                {
                    await server.DisposeAsync();
                    throw;
                }

                _server = server;
            }

            return _server;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _gate.Dispose();
    }
}
