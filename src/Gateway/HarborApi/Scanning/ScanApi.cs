using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Artifacts;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Allowlist;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// Harbor's "scan" API tag on one artifact: start a scan, stop it, read a scan's log, and the vulnerabilities addition.
/// Scanning needs <c>create</c> on <c>scan</c> (project admin, maintainer), stopping <c>stop</c>, the log <c>read</c>.
/// </summary>
public static class ScanApi
{
    private const string Scan = ArtifactsApi.One + "/scan";

    public static RouteGroupBuilder MapScanApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost(Scan, ScanAsync);
        api.MapPost(Scan + "/stop", StopAsync);
        api.MapGet(Scan + "/{report_id}/log", LogAsync);
        api.MapGet(ArtifactsApi.One + "/additions/vulnerabilities", VulnerabilitiesAsync);
        return api;
    }

    /// <summary>202 once the scan is requested (it runs in the background); 400 for another scan type or an artifact that is not scannable.</summary>
    private static async Task<IResult> ScanAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, IGrainFactory grains)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Scan, RbacActions.Create));
        if (failure is not null)
        {
            return failure;
        }

        if (await ScanTypeBody.CheckAsync(context.Request) is { } refused)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, refused);
        }

        var target = ScanTargetClassifier.Classify(artifact!.MediaType, artifact.Content);
        if (!target.IsScannable)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, $"artifact {scope.Name}@{artifact.Digest} is not scannable: {target.Reason}");
        }

        await grains.GetGrain<IScanGrain>(artifact.Digest).RequestAsync(
            new ScanRequest(scope.Name, artifact.MediaType, null, Force: false, scope.Project.Caller.DisplayName));
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StopAsync(
        HttpContext context, string projectName, string repositoryName, string reference, ArtifactScope scopes, IGrainFactory grains)
    {
        var (_, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Scan, RbacActions.Stop));
        if (failure is not null)
        {
            return failure;
        }

        if (await ScanTypeBody.CheckAsync(context.Request) is { } refused)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, refused);
        }

        await grains.GetGrain<IScanGrain>(artifact!.Digest).StopAsync();
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> LogAsync(
        HttpContext context, string projectName, string repositoryName, string reference, [Microsoft.AspNetCore.Mvc.FromRoute(Name = "report_id")] string reportId,
        ArtifactScope scopes, IScanMetadata scans)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.Scan, RbacActions.Read));
        if (failure is not null)
        {
            return failure;
        }

        var scan = await scans.GetScanAsync(reportId, context.RequestAborted);
        var log = scan is not null && scan.Scan.Digest == artifact!.Digest ? await scans.GetScanLogAsync(reportId, context.RequestAborted) : null;
        return log is null
            ? HarborErrorResult.From(RegistryError.NameUnknown, $"scan report {reportId} of artifact {scope.Name}@{artifact!.Digest} not found")
            : Results.Text(log, "text/plain; charset=utf-8");
    }

    /// <summary>Harbor's <c>{"&lt;report mime type&gt;": report}</c>; <c>{}</c> for an artifact without a successful scan.</summary>
    private static async Task<IResult> VulnerabilitiesAsync(
        HttpContext context,
        string projectName,
        string repositoryName,
        string reference,
        ArtifactScope scopes,
        IGrainFactory grains,
        AppliedCveAllowlists allowlists,
        TimeProvider clock)
    {
        var (scope, artifact, failure) = await scopes.ResolveArtifactAsync(context, projectName, repositoryName, reference, new Permission(RbacResources.ArtifactAddition, RbacActions.Read));
        if (failure is not null)
        {
            return failure;
        }

        var latest = await grains.GetGrain<IScanGrain>(artifact!.Digest).GetLatestAsync(null);
        if (latest?.Report is not { } report)
        {
            return Results.Json(new Dictionary<string, object>());
        }

        // Allowlisted findings stay in the report, marked acknowledged under the list that applies to the project now.
        var allowlist = new CveAllowlistRule(await allowlists.GetAsync(scope.Project.Project!));
        var now = clock.GetUtcNow();
        var model = ScanViews.Report(report, scope.Name, artifact.MediaType, finding => allowlist.Acknowledges(finding, now));
        return Results.Json(new Dictionary<string, object> { [ScanViews.ReportMimeType] = model });
    }
}
