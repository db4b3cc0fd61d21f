using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>Harbor's policy validation (controller/replication/model Policy.Validate and Filter.Validate).</summary>
public sealed class ReplicationPolicyValidatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    internal static ReplicationPolicy Push(string name = "dr") =>
        new(0, name, "", "admin", null, 7, "", -1, [], ReplicationTrigger.Manual, false, false, true, 0, false, false, T0, T0);

    [Fact]
    public void A_push_policy_and_a_pull_policy_are_valid()
    {
        Assert.Null(ReplicationPolicyValidator.Check(Push()));
        Assert.Null(ReplicationPolicyValidator.Check(Push() with { SourceRegistryId = 3, DestinationRegistryId = null }));
    }

    [Fact]
    public void A_name_is_required()
    {
        Assert.Equal("empty name", ReplicationPolicyValidator.Check(Push(" ")));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1L, 2L)]
    public void Exactly_one_side_is_remote(long? source, long? destination)
    {
        var error = ReplicationPolicyValidator.Check(Push() with { SourceRegistryId = source, DestinationRegistryId = destination });

        Assert.Contains("either src_registry or dest_registry", error, StringComparison.Ordinal);
    }

    public static TheoryData<ReplicationFilter, string> BadFilters => new()
    {
        { new ReplicationFilter("repository", "x", null, ""), "invalid filter type" },
        { new ReplicationFilter("name", null, ["a"], ""), "isn't string" },
        { new ReplicationFilter("tag", null, null, ""), "isn't string" },
        { new ReplicationFilter("label", "prod", null, ""), "isn't string slice" },
        { new ReplicationFilter("resource", "chart", null, ""), "invalid resource filter: chart" },
        { new ReplicationFilter("name", "library/**", null, "matches"), "only tag and label filter support decoration" },
        { new ReplicationFilter("resource", "image", null, "excludes"), "only tag and label filter support decoration" },
        { new ReplicationFilter("tag", "v*", null, "contains"), "invalid filter decoration" },
        { new ReplicationFilter("label", null, ["a"], "withLabels"), "invalid filter decoration" },
        { new ReplicationFilter("tag", "v[", null, ""), "invalid tag filter pattern" },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public void Filters_are_checked_as_harbor_checks_them(ReplicationFilter filter, string expected)
    {
        Assert.Contains(expected, ReplicationPolicyValidator.Check(Push() with { Filters = [filter] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_filter_type_with_its_decorations_is_accepted()
    {
        var policy = Push() with
        {
            Filters =
            [
                ReplicationFilter.Name("library/**"), ReplicationFilter.Tag("v*", "matches"), ReplicationFilter.Tag("*-rc", "excludes"),
                ReplicationFilter.Label(["a"], "matches"), ReplicationFilter.Label(["b"], "excludes"), ReplicationFilter.Resource("image"),
                ReplicationFilter.Resource("artifact"),
            ],
        };

        Assert.Null(ReplicationPolicyValidator.Check(policy));
    }

    [Theory]
    [InlineData("Bad Namespace")]
    [InlineData("ns/")]
    [InlineData("UPPER")]
    public void The_destination_namespace_must_be_a_repository_path(string destNamespace)
    {
        Assert.Contains("invalid destination namespace", ReplicationPolicyValidator.Check(Push() with { DestNamespace = destNamespace }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(-129)]
    public void The_replace_count_must_fit_harbors_int8(int count)
    {
        Assert.Contains("out of range", ReplicationPolicyValidator.Check(Push() with { DestNamespaceReplaceCount = count }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scheduled", null, "the cron string cannot be empty")]
    [InlineData("scheduled", "not a cron", "invalid cron string")]
    [InlineData("scheduled", "0 0 * * *", "invalid cron string")]
    [InlineData("scheduled", "5 0 * * * *", "the 1st field")]
    [InlineData("scheduled", "0 * * * * *", "* is not allowed for the Minutes field")]
    [InlineData("hourly", null, "invalid trigger type")]
    public void Triggers_are_checked_as_harbor_checks_them(string type, string? cron, string expected)
    {
        Assert.Contains(expected, ReplicationPolicyValidator.Check(Push() with { Trigger = new ReplicationTrigger(type, cron) }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manual", null)]
    [InlineData("event_based", null)]
    [InlineData("scheduled", "0 30 2 * * *")]
    [InlineData("scheduled", "0 */15 * * * *")]
    public void Valid_triggers_pass(string type, string? cron)
    {
        Assert.Null(ReplicationPolicyValidator.Check(Push() with { Trigger = new ReplicationTrigger(type, cron) }));
    }

    [Fact]
    public void Single_active_replication_is_refused_with_the_event_trigger()
    {
        var policy = Push() with { SingleActiveReplication = true, Trigger = new ReplicationTrigger(ReplicationTriggers.EventBased, null) };

        Assert.Contains("single active replication", ReplicationPolicyValidator.Check(policy), StringComparison.Ordinal);
        Assert.Null(ReplicationPolicyValidator.Check(policy with { Trigger = ReplicationTrigger.Manual }));
    }
}
