using System.Text.Json;

namespace ArtifactKeeper.Scheduling;

/// <summary>
/// Checks a <see cref="ScheduleRequest"/> before anything is stored: a job kind and key, Harbor's schedule type and
/// cron (<see cref="HarborSchedule"/>), a cron that fires at some later time, and parameters that are a JSON object.
/// The messages are meant for the caller (the Harbor API answers them as 400).
/// </summary>
public static class ScheduleRequestValidator
{
    public static bool TryValidate(ScheduleRequest request, DateTimeOffset now, out HarborSchedule? schedule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        schedule = null;
        if (string.IsNullOrWhiteSpace(request.Job?.Kind) || string.IsNullOrWhiteSpace(request.Job.Key))
        {
            error = "a schedule needs a job kind and key";
            return false;
        }

        if (!IsJsonObject(request.Parameters))
        {
            error = "the schedule's parameters must be a JSON object";
            return false;
        }

        if (!HarborSchedule.TryCreate(request.Type, request.Cron, out schedule, out error))
        {
            return false;
        }

        if (schedule!.IsPeriodic && schedule.NextAfter(now) is null)
        {
            error = $"cron '{schedule.Cron}' never fires";
            schedule = null;
            return false;
        }

        return true;
    }

    private static bool IsJsonObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
