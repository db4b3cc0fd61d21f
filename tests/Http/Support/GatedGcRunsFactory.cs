using ArtifactKeeper.Gc;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A registry whose GC history store is the real one behind a gate: a run that records itself Running waits there
/// until <see cref="Release"/>, so a test can meet a run that is still going.
/// </summary>
public sealed class GatedGcRunsFactory : RegistryFactory
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a run has reached the gate.</summary>
    public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held run go on, and closes the gate behind it for the next one.</summary>
    public void Release()
    {
        var gate = _gate;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IGcRunMetadata>(sp => new Gated(sp.GetRequiredService<IMetadataStore>(), this)));
    }

    private sealed class Gated(IGcRunMetadata inner, GatedGcRunsFactory owner) : IGcRunMetadata
    {
        public Task<GcRun> CreateGcRunAsync(string trigger, GcParameters parameters, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.CreateGcRunAsync(trigger, parameters, at, cancellationToken);

        public async Task UpdateGcRunAsync(long id, GcJobStatus status, GcFigures figures, string? appendLog, DateTimeOffset at, CancellationToken cancellationToken)
        {
            await inner.UpdateGcRunAsync(id, status, figures, appendLog, at, cancellationToken);
            if (status == GcJobStatus.Running && figures == GcFigures.Zero)
            {
                var gate = owner._gate.Task;
                owner.Reached.TrySetResult();
                await gate;
            }
        }

        public Task<GcRun?> GetGcRunAsync(long id, CancellationToken cancellationToken) => inner.GetGcRunAsync(id, cancellationToken);

        public Task<string?> GetGcRunLogAsync(long id, CancellationToken cancellationToken) => inner.GetGcRunLogAsync(id, cancellationToken);

        public Task<(IReadOnlyList<GcRun> Runs, long Total)> ListGcRunsAsync(int offset, int limit, CancellationToken cancellationToken) =>
            inner.ListGcRunsAsync(offset, limit, cancellationToken);

        public Task<int> FailUnfinishedGcRunsAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.FailUnfinishedGcRunsAsync(reason, at, cancellationToken);
    }
}
