using System.Collections.Concurrent;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Engine;

namespace ArtifactKeeper.Tests.Grain.Scanning;

/// <summary>An external scanner that is down: every call fails as unavailable (the grain must fall back).</summary>
public sealed class DownScanner : IVulnerabilityScanner, IScannerDatabaseVersion
{
    public ScannerIdentity Identity { get; } = new("Down", "Nobody", "0.1");

    public Task<string?> GetDatabaseVersionAsync(CancellationToken cancellationToken) =>
        throw new ScannerUnavailableException("connection refused");

    public Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken) =>
        throw new ScannerUnavailableException("connection refused");
}

/// <summary>The built-in scanner behind a gate a test opens, so a scan can be seen running and stopped.</summary>
public sealed class GatedScanner(BuiltInScanner inner) : IVulnerabilityScanner
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScannerIdentity Identity => inner.Identity;

    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.ScanAsync(subject, cancellationToken);
    }
}

/// <summary>The test silo's resolver: a scanner per project when a test set one, else the built-in scanner.</summary>
public sealed class ProjectScannerResolver(BuiltInScanner builtIn) : IScannerResolver
{
    private readonly ConcurrentDictionary<string, IVulnerabilityScanner> _byProject = new(StringComparer.Ordinal);

    public void Use(string project, IVulnerabilityScanner scanner) => _byProject[project] = scanner;

    public Task<IVulnerabilityScanner> ResolveAsync(string project, string? scannerId, CancellationToken cancellationToken) =>
        Task.FromResult(_byProject.TryGetValue(project, out var scanner) ? scanner : builtIn);

    public static string ProjectOf(string repository) => RegistryKeys.ProjectOf(repository);
}
