using ArtifactKeeper.Scanning.External;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// An external scanner behind Harbor's adapter API v1.1. A scan reads the adapter's metadata (which also proves it
/// is up), creates a short-lived robot for the artifact's project, posts the scan request with this registry's URL
/// and that robot's Basic credentials, and polls the report, honouring 302 + <c>Refresh-After</c> until
/// <see cref="ExternalScannerOptions.MaxScanTime"/>. The robot is deleted afterwards whatever happened.
/// </summary>
public sealed class HarborAdapterScanner(
    AdapterApiClient client,
    ScannerIdentity identity,
    ScanRobotIssuer robots,
    IScanRegistryAddress registry,
    ExternalScannerOptions options,
    TimeProvider clock,
    ILogger<HarborAdapterScanner> logger) : IVulnerabilityScanner
{
    public const string DatabaseUpdatedProperty = "harbor.scanner-adapter/vulnerability-database-updated-at";

    /// <summary>Our adapter server names its database version here (a content hash, exact where a time is not).</summary>
    public const string DatabaseVersionProperty = "artifactkeeper/vulnerability-database-version";

    private static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    public ScannerIdentity Identity => identity;

    public async Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var registryUrl = registry.RegistryUrl
                          ?? throw new ScannerUnavailableException($"no registry URL is known for external scanners ({ExternalScannerOptions.Section}:RegistryUrl)");
        var metadata = await client.GetMetadataAsync(cancellationToken);
        var reportType = ReportTypeOf(metadata);
        var databaseVersion = metadata.Properties.GetValueOrDefault(DatabaseVersionProperty)
                              ?? metadata.Properties.GetValueOrDefault(DatabaseUpdatedProperty) ?? string.Empty;

        var credential = await robots.IssueAsync(subject.Repository, cancellationToken);
        try
        {
            var scanId = await client.RequestScanAsync(
                new AdapterScanRequest
                {
                    Registry = new AdapterRegistry { Url = registryUrl.AbsoluteUri.TrimEnd('/'), Authorization = credential.BasicAuthorization },
                    Artifact = new AdapterArtifact { Repository = subject.Repository, Digest = subject.Digest, MimeType = subject.MediaType },
                    EnabledCapabilities = [new AdapterEnabledCapability { Type = "vulnerability", ProducesMimeTypes = [reportType] }],
                },
                cancellationToken);
            var report = await PollAsync(scanId, reportType, cancellationToken);
            return HarborReportConverter.ToReport(report, subject.Digest, databaseVersion, clock.GetUtcNow());
        }
        finally
        {
            try
            {
                await robots.RevokeAsync(credential);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The robot still expires by itself; the scan's own outcome matters more than this cleanup.
                logger.LogWarning(e, "The scan robot {Robot} could not be deleted; it expires at {ExpiresAt}", credential.Username, credential.ExpiresAt);
            }
        }
    }

    private async Task<HarborVulnerabilityReport> PollAsync(string scanId, string reportType, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.MaxScanTime;
        while (true)
        {
            var poll = await client.PollReportAsync(scanId, reportType, cancellationToken);
            if (poll.Report is not null)
            {
                return poll.Report;
            }

            var wait = poll.RefreshAfter is { } asked ? Clamp(asked) : MinPollInterval;
            if (clock.GetUtcNow() + wait > deadline)
            {
                throw new ScannerUnavailableException($"the adapter did not finish scan {scanId} within {options.MaxScanTime}");
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private TimeSpan Clamp(TimeSpan asked) =>
        asked < MinPollInterval ? MinPollInterval : asked > options.MaxPollInterval ? options.MaxPollInterval : asked;

    /// <summary>The v1.1 report type when the adapter produces it, else the first report type of ours it names.</summary>
    private static string ReportTypeOf(AdapterMetadata metadata)
    {
        var produced = metadata.Capabilities
            .Where(c => c.Type is null or "vulnerability")
            .SelectMany(c => c.ProducesMimeTypes)
            .ToList();
        return AdapterMimeTypes.ReportTypes.FirstOrDefault(known => produced.Any(p => AdapterMimeTypes.SameType(p, known)))
               ?? throw new ScanFailedException("the adapter produces no vulnerability report type this registry reads");
    }
}
