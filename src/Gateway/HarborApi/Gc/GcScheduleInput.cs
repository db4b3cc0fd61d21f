using System.Text.Json;
using ArtifactKeeper.Gc;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.HarborApi.Gc;

/// <summary>
/// The checked body of <c>POST|PUT /system/gc/schedule</c>: Harbor's schedule (validated as the scheduler validates
/// it) and GC's parameters. Absent parameters take their defaults; a wrong type or a worker count outside
/// <see cref="GcParameters.MinWorkers"/>..<see cref="GcParameters.MaxWorkers"/> is refused naming the parameter.
/// </summary>
public sealed record GcScheduleInput(HarborSchedule Schedule, GcParameters Parameters)
{
    /// <summary>The scheduler's name for the one GC job.</summary>
    public static ScheduledJobKey Job { get; } = new(IGcGrain.JobKind, IGcGrain.SingletonKey);

    /// <summary>The request to hand the scheduler (its parameters are Harbor's <c>job_parameters</c> JSON).</summary>
    public ScheduleRequest ToScheduleRequest() => new(Job, Schedule.Type, Schedule.Cron, GcParametersJson.Write(Parameters));

    public static bool TryRead(GcScheduleReq body, DateTimeOffset now, out GcScheduleInput? input, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        input = null;
        if (body.Schedule is null)
        {
            error = "schedule required in body";
            return false;
        }

        if (!TryReadParameters(body.Parameters, out var parameters, out error))
        {
            return false;
        }

        var request = new ScheduleRequest(Job, body.Schedule.Type!, body.Schedule.Cron, GcParametersJson.Write(parameters!));
        if (!ScheduleRequestValidator.TryValidate(request, now, out var schedule, out error))
        {
            return false;
        }

        input = new GcScheduleInput(schedule!, parameters!);
        return true;
    }

    private static bool TryReadParameters(Dictionary<string, JsonElement>? values, out GcParameters? parameters, out string? error)
    {
        parameters = null;
        error = null;
        values ??= [];
        if (!TryReadBool(values, "delete_untagged", out var deleteUntagged, ref error) || !TryReadBool(values, "dry_run", out var dryRun, ref error))
        {
            return false;
        }

        var workers = GcParameters.DefaultWorkers;
        if (values.TryGetValue("workers", out var raw) && raw.ValueKind != JsonValueKind.Null)
        {
            if (raw.ValueKind != JsonValueKind.Number || !raw.TryGetInt32(out workers) || workers < GcParameters.MinWorkers || workers > GcParameters.MaxWorkers)
            {
                error = $"parameters.workers must be an integer from {GcParameters.MinWorkers} to {GcParameters.MaxWorkers}, not {raw.GetRawText()}";
                return false;
            }
        }

        parameters = new GcParameters(deleteUntagged, dryRun, workers);
        return true;
    }

    private static bool TryReadBool(Dictionary<string, JsonElement> values, string name, out bool value, ref string? error)
    {
        value = false;
        if (!values.TryGetValue(name, out var raw) || raw.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (raw.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = raw.GetBoolean();
            return true;
        }

        error = $"parameters.{name} must be true or false, not {raw.GetRawText()}";
        return false;
    }
}
