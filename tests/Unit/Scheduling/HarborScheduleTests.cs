using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Unit.Scheduling;

public sealed class HarborScheduleTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 10, 30, 15, TimeSpan.Zero);

    private static HarborSchedule Create(string? type, string? cron = null)
    {
        Assert.True(HarborSchedule.TryCreate(type, cron, out var schedule, out var error), error);
        return schedule!;
    }

    [Theory]
    [InlineData("Hourly", "0 0 * * * *", "2026-12-02T11:00:00+00:00")]
    [InlineData("Daily", "0 0 0 * * *", "2026-12-03T00:00:00+00:00")]
    [InlineData("Weekly", "0 0 0 * * 0", "2026-12-06T00:00:00+00:00")]
    public void Fixed_types_fire_on_harbors_crons_whatever_cron_came_with_them(string type, string cron, string next)
    {
        var schedule = Create(type, "0 5 5 5 5 *");

        Assert.Equal(cron, schedule.Cron);
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), schedule.NextAfter(Wednesday));
    }

    [Fact]
    public void Custom_takes_a_six_field_cron_with_seconds_first()
    {
        var schedule = Create(HarborSchedule.Custom, "0  */15 9-17 * * MON-FRI");

        Assert.Equal("0 */15 9-17 * * MON-FRI", schedule.Cron);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 45, 0, TimeSpan.Zero), schedule.NextAfter(Wednesday));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 12, 2, 17, 45, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("None")]
    [InlineData("Manual")]
    public void None_and_manual_never_fire_by_themselves(string type)
    {
        var schedule = Create(type, "0 0 0 * * *");

        Assert.False(schedule.IsPeriodic);
        Assert.Null(schedule.Cron);
        Assert.Null(schedule.NextAfter(Wednesday));
    }

    [Theory]
    [InlineData(null, "needs a cron")]
    [InlineData("", "needs a cron")]
    [InlineData("0 0 * * *", "6 fields")]
    [InlineData("0 0 0 * * * *", "6 fields")]
    [InlineData("* 0 0 * * *", "seconds")]
    [InlineData("*/5 * * * * *", "seconds")]
    [InlineData("0 61 0 * * *", "invalid cron")]
    [InlineData("0 0 0 * * FUNDAY", "invalid cron")]
    public void Custom_refuses_what_is_not_a_valid_six_field_cron(string? cron, string fragment)
    {
        Assert.False(HarborSchedule.TryCreate(HarborSchedule.Custom, cron, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("daily")]
    [InlineData("Yearly")]
    public void Unknown_types_are_refused_naming_harbors(string? type)
    {
        Assert.False(HarborSchedule.TryCreate(type, "0 0 0 * * *", out _, out var error));
        Assert.Contains("None, Manual, Hourly, Daily, Weekly or Custom", error, StringComparison.Ordinal);
    }
}
