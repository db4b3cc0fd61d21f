using System.Globalization;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Gc;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ArtifactKeeper.HarborApi.Gc;

/// <summary>
/// Harbor's "gc" API tag: the GC history, one run and its log, stopping a run, and the GC schedule (Manual starts a
/// run now; Hourly, Daily, Weekly, Custom are kept by the scheduler; None removes it). Harbor's RequireSystemAccess on
/// the garbage-collection resource: system administrators only (401 without credentials, 403 for anyone else).
/// </summary>
public static class GcApi
{
    private const string SchedulePath = "/api/v2.0/system/gc/schedule";

    public static RouteGroupBuilder MapGcApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/system/gc", ListAsync);
        api.MapGet("/system/gc/schedule", GetScheduleAsync);
        api.MapPost("/system/gc/schedule", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock) =>
            KickAsync(context, authenticator, grains, clock, created: true));
        api.MapPut("/system/gc/schedule", (HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock) =>
            KickAsync(context, authenticator, grains, clock, created: false));
        api.MapGet("/system/gc/{gc_id}", GetAsync);
        api.MapPut("/system/gc/{gc_id}", StopAsync);
        api.MapGet("/system/gc/{gc_id}/log", GetLogAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, RegistryAuthenticator authenticator, [FromServices] IGcRunMetadata runs)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborPaging.TryParse(context.Request.Query, out var page, out var pageSize, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        var (items, total) = await runs.ListGcRunsAsync((page - 1) * pageSize, pageSize, context.RequestAborted);
        HarborPaging.WriteHeaders(context, total, page, pageSize);
        return Results.Json(items.Select(GcViews.History));
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "gc_id")] string gcId, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IGcRunMetadata runs)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(gcId, out var id))
        {
            return HarborIds.Invalid("gc_id", gcId);
        }

        var run = await runs.GetGcRunAsync(id, context.RequestAborted);
        return run is null ? NotFound(id) : Results.Json(GcViews.History(run));
    }

    private static async Task<IResult> GetLogAsync(
        [FromRoute(Name = "gc_id")] string gcId, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IGcRunMetadata runs)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(gcId, out var id))
        {
            return HarborIds.Invalid("gc_id", gcId);
        }

        var log = await runs.GetGcRunLogAsync(id, context.RequestAborted);
        return log is null ? NotFound(id) : Results.Text(log, "text/plain; charset=utf-8");
    }

    /// <summary>Harbor's stopGC (<c>PUT /system/gc/{gc_id}</c>; the portal sends <c>{"action":"stop"}</c>, which is not needed).</summary>
    private static async Task<IResult> StopAsync(
        [FromRoute(Name = "gc_id")] string gcId, HttpContext context, RegistryAuthenticator authenticator, [FromServices] IGcRunMetadata runs, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        if (!HarborIds.TryParse(gcId, out var id))
        {
            return HarborIds.Invalid("gc_id", gcId);
        }

        if (await runs.GetGcRunAsync(id, context.RequestAborted) is null)
        {
            return NotFound(id);
        }

        // A run that already finished has nothing to stop: as in Harbor, that is not an error.
        await grains.GetGrain<IGcGrain>(IGcGrain.SingletonKey).StopAsync(id);
        return Results.Ok();
    }

    private static async Task<IResult> GetScheduleAsync(HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var entry = await Scheduler(grains).GetAsync(GcScheduleInput.Job);
        return entry is null ? Results.Json(new { }) : Results.Json(GcViews.Schedule(entry));
    }

    /// <summary>Harbor's createGCSchedule (POST, <paramref name="created"/>) and updateGCSchedule (PUT): one body, four outcomes by type.</summary>
    private static async Task<IResult> KickAsync(
        HttpContext context, RegistryAuthenticator authenticator, IGrainFactory grains, TimeProvider clock, bool created)
    {
        if (await RequireAdminAsync(context, authenticator) is { } refused)
        {
            return refused;
        }

        var body = await HarborJsonBody.ReadAsync<GcScheduleReq>(context.Request);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!GcScheduleInput.TryRead(body.Value!, clock.GetUtcNow(), out var input, out var error))
        {
            return HarborErrorResult.From(RegistryError.BadRequest, error!);
        }

        switch (input!.Schedule.Type)
        {
            case HarborSchedule.Manual:
                var started = await grains.GetGrain<IGcGrain>(IGcGrain.SingletonKey).StartAsync(input.Parameters, GcTriggers.Manual);
                if (started.AlreadyRunning)
                {
                    return HarborErrorResult.From(
                        RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"garbage collection {started.Run.Id} is already running"));
                }

                return created ? Created(context, $"/api/v2.0/system/gc/{started.Run.Id.ToString(CultureInfo.InvariantCulture)}") : Results.Ok();
            case HarborSchedule.None:
                await Scheduler(grains).RemoveAsync(GcScheduleInput.Job);
                return created ? Results.StatusCode(StatusCodes.Status201Created) : Results.Ok();
            default:
                await Scheduler(grains).SetAsync(input.ToScheduleRequest());
                return created ? Created(context, SchedulePath) : Results.Ok();
        }
    }

    private static ISchedulerGrain Scheduler(IGrainFactory grains) => grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);

    private static IResult Created(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>Harbor's RequireSystemAccess: 401 without valid credentials, 403 for anyone but a system administrator.</summary>
    private static async Task<IResult?> RequireAdminAsync(HttpContext context, RegistryAuthenticator authenticator) =>
        SystemAdminApi.Refusal(await authenticator.AuthenticateAsync(context));

    private static IResult NotFound(long id) =>
        HarborErrorResult.From(RegistryError.NameUnknown, string.Create(CultureInfo.InvariantCulture, $"garbage collection {id} not found"));
}
