using ArtifactKeeper.Auth;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// Harbor's "scanAll" API tag: the scan-all schedule (Manual starts a pass now; Hourly, Daily, Weekly, Custom are kept
/// by the scheduler; None removes it), stopping the running pass, and the metrics of the latest pass and of the latest
/// scheduled one. System administrators only, as Harbor's RequireSystemAccess on scan-all.
/// </summary>
public static class ScanAllApi
{
    private const string SchedulePath = "/api/v2.0/system/scanAll/schedule";

    /// <summary>The scheduler's name for the one scan-all job.</summary>
    public static ScheduledJobKey Job { get; } = new(IScanAllGrain.JobKind, IScanAllGrain.SingletonKey);

    public static RouteGroupBuilder MapScanAllApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/system/scanAll/schedule", GetScheduleAsync);
        api.MapPost("/system/scanAll/schedule", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock) =>
            KickAsync(context, authenticator, grains, clock, created: true));
        api.MapPut("/system/scanAll/schedule", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock) =>
            KickAsync(context, authenticator, grains, clock, created: false));
        api.MapPost("/system/scanAll/stop", StopAsync);
        api.MapGet("/scans/all/metrics", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains) =>
            MetricsAsync(context, authenticator, grains, trigger: null));
        api.MapGet("/scans/schedule/metrics", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains) =>
            MetricsAsync(context, authenticator, grains, ScanAllTriggers.Schedule));
        return api;
    }

    private static async Task<IResult> GetScheduleAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var entry = await Scheduler(grains).GetAsync(Job);
        return entry is null
            ? Results.Json(new { })
            : Results.Json(new ScanAllScheduleModel(
                new ScheduleObjModel(entry.Type, entry.Cron, entry.NextRunAt.UtcDateTime), entry.CreatedAt.UtcDateTime, entry.UpdatedAt.UtcDateTime));
    }

    private static async Task<IResult> KickAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock, bool created)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        if (SystemAdminApi.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<GcScheduleReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (body.Value!.Schedule is null)
        {
            return HarborErrorResult.From(RegistryError.BadRequest, "schedule required in body");
        }

        var request = new ScheduleRequest(Job, body.Value.Schedule.Type!, body.Value.Schedule.Cron, "{}");
        if (!ScheduleRequestValidator.TryValidate(request, clock.GetUtcNow(), out var schedule, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        switch (schedule!.Type)
        {
            case HarborSchedule.Manual:
                var started = await grains.GetGrain<IScanAllGrain>(IScanAllGrain.SingletonKey).StartAsync(ScanAllTriggers.Manual, caller.DisplayName);
                if (started.AlreadyRunning)
                {
                    return HarborErrorResult.From(RegistryError.Conflict, "a scan-all is already running");
                }

                return created ? Created(context) : Results.Ok();
            case HarborSchedule.None:
                await Scheduler(grains).RemoveAsync(Job);
                return created ? Results.StatusCode(StatusCodes.Status201Created) : Results.Ok();
            default:
                await Scheduler(grains).SetAsync(new ScheduleRequest(Job, schedule.Type, schedule.Cron, "{}"));
                return created ? Created(context) : Results.Ok();
        }
    }

    /// <summary>202 when a pass was running (it stops after its current scans); 404 when none runs.</summary>
    private static async Task<IResult> StopAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var stopped = await grains.GetGrain<IScanAllGrain>(IScanAllGrain.SingletonKey).StopAsync();
        return stopped
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : HarborErrorResult.From(RegistryError.NameUnknown, "no scan-all job is running");
    }

    private static async Task<IResult> MetricsAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, string? trigger)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var metrics = await grains.GetGrain<IScanAllGrain>(IScanAllGrain.SingletonKey).GetMetricsAsync(trigger);
        return Results.Json(ScanViews.Stats(metrics));
    }

    private static ISchedulerGrain Scheduler(IGrainFactory grains) => grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);

    private static IResult Created(HttpContext context)
    {
        context.Response.Headers.Location = SchedulePath;
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context));
}
