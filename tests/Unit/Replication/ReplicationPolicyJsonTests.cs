using System.Text.Json;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>Filters and triggers as the store keeps them: Harbor's JSON.</summary>
public sealed class ReplicationPolicyJsonTests
{
    [Fact]
    public void Filters_are_written_in_harbors_shape_and_read_back()
    {
        ReplicationFilter[] filters =
        [
            ReplicationFilter.Name("library/**"), ReplicationFilter.Tag("v*", "excludes"), ReplicationFilter.Label(["a", "b"], "matches"),
            ReplicationFilter.Resource("image"),
        ];

        var json = ReplicationPolicyJson.WriteFilters(filters);

        Assert.Equal(
            """[{"type":"name","value":"library/**"},{"type":"tag","value":"v*","decoration":"excludes"},{"type":"label","value":["a","b"],"decoration":"matches"},{"type":"resource","value":"image"}]""",
            json);
        var read = ReplicationPolicyJson.ReadFilters(json);
        Assert.Equal(filters.Length, read.Count);
        Assert.Equal(["a", "b"], read[2].Labels);
        Assert.Equal(filters.Select(f => (f.Type, f.Value, f.Decoration)), read.Select(f => (f.Type, f.Value, f.Decoration)));
    }

    [Fact]
    public void A_label_filter_without_a_value_has_no_labels()
    {
        using var document = JsonDocument.Parse("""{"type":"label"}""");

        Assert.True(ReplicationPolicyJson.TryReadFilter(document.RootElement, out var filter, out _));
        Assert.Empty(filter!.Labels!);
    }

    [Theory]
    [InlineData("""{"type":"tag","value":3}""")]
    [InlineData("""{"type":"label","value":["a",1]}""")]
    [InlineData("""{"value":"x"}""")]
    [InlineData("""["tag"]""")]
    public void Malformed_filters_are_refused(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(ReplicationPolicyJson.TryReadFilter(document.RootElement, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Triggers_round_trip_and_a_missing_trigger_is_manual()
    {
        var scheduled = new ReplicationTrigger("scheduled", "0 0 * * * *");

        var json = ReplicationPolicyJson.WriteTrigger(scheduled);

        Assert.Equal("""{"type":"scheduled","trigger_settings":{"cron":"0 0 * * * *"}}""", json);
        Assert.Equal(scheduled, ReplicationPolicyJson.ReadTrigger(json));
        Assert.Equal(ReplicationTrigger.Manual, ReplicationPolicyJson.ReadTrigger(""));
        Assert.Equal(ReplicationTrigger.Manual, ReplicationPolicyJson.ReadTrigger(ReplicationPolicyJson.WriteTrigger(ReplicationTrigger.Manual)));
    }
}
