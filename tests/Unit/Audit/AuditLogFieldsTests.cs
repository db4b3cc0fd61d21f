using System.Globalization;
using ArtifactKeeper.Audit;
using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Audit;

/// <summary>Harbor's <c>q</c> and <c>sort</c> on the audit log, from the raw string to store filters.</summary>
public sealed class AuditLogFieldsTests
{
    private static IReadOnlyList<AuditFilter> Convert(string q)
    {
        Assert.True(HarborQueryParser.TryParse(q, AuditLogFields.Filterable, out var terms, out var error), error);
        Assert.True(AuditLogFields.TryConvert(terms, out var filters, out error), error);
        return filters;
    }

    private static string Fail(string q)
    {
        Assert.True(HarborQueryParser.TryParse(q, AuditLogFields.Filterable, out var terms, out var error), error);
        Assert.False(AuditLogFields.TryConvert(terms, out _, out error));
        return error!;
    }

    private static string Ms(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Harbor_keys_convert_with_their_match_kind()
    {
        var filters = Convert("username=admin,resource=~library/app,resource_type=artifact,operation={pull delete}");

        Assert.Equal(
            [
                "operation AnyOf pull|delete",
                "resource Fuzzy library/app",
                "resource_type Exact artifact",
                "username Exact admin",
            ],
            filters.Select(f => $"{f.Field} {f.Match} {string.Join('|', f.Values)}"));
    }

    [Fact]
    public void Op_time_range_in_harbors_layout_becomes_unix_milliseconds_in_utc()
    {
        var filter = Assert.Single(Convert("op_time=[2024-01-02T03:04:05~2024-01-03T00:00:00]"));

        Assert.Equal((AuditLogFields.OpTime, AuditMatch.Range), (filter.Field, filter.Match));
        Assert.Equal([Ms(2024, 1, 2, 3, 4, 5), Ms(2024, 1, 3)], filter.Values);
    }

    [Fact]
    public void Op_time_range_accepts_a_space_an_offset_and_an_open_end()
    {
        Assert.Equal([Ms(2024, 1, 2, 3, 4, 5), string.Empty], Assert.Single(Convert("op_time=[2024-01-02 03:04:05~]")).Values);
        Assert.Equal([string.Empty, Ms(2024, 1, 2, 4, 0, 0)], Assert.Single(Convert("op_time=[~2024-01-02T03:00:00-01:00]")).Values);
    }

    [Theory]
    [InlineData("op_time=[yesterday~today]", "op_time")]
    [InlineData("op_time=2024-13-01T00:00:00", "op_time")]
    [InlineData("op_time=~2024", "fuzzy")]
    [InlineData("id=~1", "fuzzy")]
    [InlineData("project_id=abc", "integers")]
    [InlineData("id=[1~x]", "integers")]
    public void Values_a_field_cannot_take_are_refused_with_a_reason(string q, string mentions)
    {
        Assert.Contains(mentions, Fail(q), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_harbor_does_not_filter_on_are_dropped()
    {
        Assert.Empty(Convert("password=x,op_result=false,name=y"));
    }

    [Fact]
    public void Integer_keys_keep_their_values()
    {
        var filters = Convert("project_id={1 2},id=[10~]");

        Assert.Equal(["id Range 10|", "project_id AnyOf 1|2"], filters.Select(f => $"{f.Field} {f.Match} {string.Join('|', f.Values)}"));
    }

    [Fact]
    public void Sort_defaults_to_newest_first_and_keeps_only_audit_fields()
    {
        Assert.Equal([new AuditSort("op_time", true)], AuditLogFields.Sorts(HarborSortParser.Parse(null, AuditLogFields.Sortable)));
        Assert.Equal([new AuditSort("op_time", true)], AuditLogFields.Sorts(HarborSortParser.Parse("name,-creation_time", AuditLogFields.Sortable)));
        Assert.Equal(
            [new AuditSort("username", false), new AuditSort("op_time", false)],
            AuditLogFields.Sorts(HarborSortParser.Parse("username,bogus,op_time", AuditLogFields.Sortable)));
    }
}
