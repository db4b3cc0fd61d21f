namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// Runs one accepted scan: pulls the artifact named in the request from the request's registry (with its
/// Authorization) and scans it with the built-in engine. Failures of the pull or the artifact become the job's
/// error message; anything unexpected is logged and reported as an internal error.
/// </summary>
public sealed partial class AdapterScanRunner(
    IHttpClientFactory httpClients, IServiceProvider services, TimeProvider clock, ILogger<AdapterScanRunner> logger)
{
    public const string HttpClientName = "scanner-adapter-pull";

    public async Task RunAsync(AdapterScanJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = job.Request;
        var artifact = request.Artifact!;
        try
        {
            var engine = services.GetService<IAdapterScanEngine>() ?? throw new ScannerUnavailableException("no built-in scan engine is configured");
            var content = new RemoteArtifactContent(
                httpClients.CreateClient(HttpClientName), new Uri(request.Registry!.Url!), artifact.Repository!, request.Registry.Authorization);
            var report = await engine.ScanAsync(content, artifact.Digest!, cancellationToken);
            job.Succeed(report, clock.GetUtcNow());
        }
        catch (Exception e) when (e is ArtifactContentException or ScanFailedException or ScannerUnavailableException)
        {
            LogScanFailed(logger, artifact.Repository, artifact.Digest, e.Message);
            job.Fail(e.Message, clock.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScanCrashed(logger, e, artifact.Repository, artifact.Digest);
            job.Fail("internal error while scanning the artifact", clock.GetUtcNow());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adapter scan of {Repository}@{Digest} failed: {Reason}")]
    private static partial void LogScanFailed(ILogger logger, string? repository, string? digest, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Adapter scan of {Repository}@{Digest} failed unexpectedly")]
    private static partial void LogScanCrashed(ILogger logger, Exception exception, string? repository, string? digest);
}
