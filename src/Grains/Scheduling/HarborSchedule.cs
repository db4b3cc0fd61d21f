using Cronos;

namespace ArtifactKeeper.Scheduling;

/// <summary>
/// Harbor's schedule object (<c>{"schedule":{"type":"Daily","cron":"0 0 0 * * *"}}</c>) as GC, retention, replication
/// and scan-all take it: a type and a six-field cron (seconds first). The fixed types stand for Harbor's own crons;
/// <c>Custom</c> takes the caller's; <c>Manual</c> runs once, now; <c>None</c> removes the schedule. Times are UTC.
/// </summary>
public sealed class HarborSchedule
{
    public const string None = "None", Manual = "Manual", Hourly = "Hourly", Daily = "Daily", Weekly = "Weekly", Custom = "Custom";

    private static readonly Dictionary<string, string> FixedCrons = new(StringComparer.Ordinal)
    {
        [Hourly] = "0 0 * * * *",
        [Daily] = "0 0 0 * * *",
        [Weekly] = "0 0 0 * * 0",
    };

    private readonly CronExpression? _expression;

    private HarborSchedule(string type, string? cron, CronExpression? expression)
    {
        Type = type;
        Cron = cron;
        _expression = expression;
    }

    /// <summary>One of <see cref="None"/>, <see cref="Manual"/>, <see cref="Hourly"/>, <see cref="Daily"/>, <see cref="Weekly"/>, <see cref="Custom"/>.</summary>
    public string Type { get; }

    /// <summary>The six-field cron the schedule fires on; null for <see cref="None"/> and <see cref="Manual"/>.</summary>
    public string? Cron { get; }

    /// <summary>Whether the schedule fires by itself (it has a cron).</summary>
    public bool IsPeriodic => _expression is not null;

    /// <summary>
    /// Reads Harbor's type and cron. Type names are Harbor's, case as Harbor writes them. A fixed type ignores the
    /// cron sent with it (the portal sends its own); <c>Custom</c> needs a valid six-field cron whose seconds field is a
    /// fixed value, as Harbor requires, so nothing is scheduled every second.
    /// </summary>
    public static bool TryCreate(string? type, string? cron, out HarborSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        switch (type)
        {
            case None or Manual:
                schedule = new HarborSchedule(type, null, null);
                return true;
            case Hourly or Daily or Weekly:
                var fixedCron = FixedCrons[type];
                schedule = new HarborSchedule(type, fixedCron, CronExpression.Parse(fixedCron, CronFormat.IncludeSeconds));
                return true;
            case Custom:
                if (!TryParseCron(cron, out var expression, out error))
                {
                    return false;
                }

                schedule = new HarborSchedule(type, NormalizeSpaces(cron!), expression);
                return true;
            default:
                error = $"invalid schedule type '{type}'; use None, Manual, Hourly, Daily, Weekly or Custom";
                return false;
        }
    }

    /// <summary>The first firing strictly after <paramref name="after"/>, or null when the schedule does not fire by itself.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => _expression?.GetNextOccurrence(after, TimeZoneInfo.Utc);

    private static bool TryParseCron(string? cron, out CronExpression? expression, out string? error)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(cron))
        {
            error = "a Custom schedule needs a cron";
            return false;
        }

        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            error = $"invalid cron '{cron}': it needs 6 fields (second minute hour day-of-month month day-of-week), not {fields.Length}";
            return false;
        }

        if (!fields[0].All(c => char.IsAsciiDigit(c) || c == ','))
        {
            error = $"invalid cron '{cron}': the first field (seconds) must be fixed, such as 0";
            return false;
        }

        try
        {
            expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.IncludeSeconds);
            error = null;
            return true;
        }
        catch (CronFormatException e)
        {
            error = $"invalid cron '{cron}': {e.Message}";
            return false;
        }
    }

    private static string NormalizeSpaces(string cron) => string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
