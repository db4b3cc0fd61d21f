using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Unit.Scheduling;

public sealed class ScheduleRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 30, 15, TimeSpan.Zero);
    private static readonly ScheduledJobKey Job = new("gc", "default");

    private static string? Error(ScheduleRequest request)
    {
        var valid = ScheduleRequestValidator.TryValidate(request, Now, out var schedule, out var error);
        Assert.Equal(valid, schedule is not null);
        Assert.Equal(valid, error is null);
        return error;
    }

    [Theory]
    [InlineData("Hourly", null)]
    [InlineData("Daily", "")]
    [InlineData("Weekly", null)]
    [InlineData("Custom", "0 30 2 * * *")]
    [InlineData("None", null)]
    [InlineData("Manual", null)]
    public void Harbors_types_with_a_valid_cron_and_object_parameters_pass(string type, string? cron)
    {
        Assert.Null(Error(new ScheduleRequest(Job, type, cron, """{"workers":2}""")));
    }

    [Theory]
    [InlineData("daily", null, "invalid schedule type 'daily'")]
    [InlineData("Schedule", null, "invalid schedule type 'Schedule'")]
    [InlineData("Custom", null, "a Custom schedule needs a cron")]
    [InlineData("Custom", "*/5 * * * *", "it needs 6 fields")]
    [InlineData("Custom", "* * * * * *", "the first field (seconds) must be fixed")]
    [InlineData("Custom", "0 0 0 30 2 *", "never fires")]
    public void Bad_type_or_cron_is_refused_naming_the_problem(string type, string? cron, string expected)
    {
        Assert.Contains(expected, Error(new ScheduleRequest(Job, type, cron, "{}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1]")]
    [InlineData("{\"workers\":")]
    public void Parameters_that_are_not_a_json_object_are_refused(string parameters)
    {
        Assert.Equal("the schedule's parameters must be a JSON object", Error(new ScheduleRequest(Job, HarborSchedule.Daily, null, parameters)));
    }

    [Fact]
    public void A_job_without_kind_or_key_is_refused()
    {
        Assert.Equal("a schedule needs a job kind and key", Error(new ScheduleRequest(new ScheduledJobKey("", "default"), HarborSchedule.Daily, null, "{}")));
        Assert.Equal("a schedule needs a job kind and key", Error(new ScheduleRequest(new ScheduledJobKey("gc", " "), HarborSchedule.Daily, null, "{}")));
    }
}
