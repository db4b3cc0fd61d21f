using System.Text.Json;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.HarborApi.Models;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class ProjectRequestMetadataTests
{
    private static ProjectReq Req(string json) => JsonSerializer.Deserialize<ProjectReq>(json)!;

    [Fact]
    public void TryRead_normalizes_known_keys_drops_unknown_and_accepts_booleans_and_numbers()
    {
        Assert.True(ProjectRequestMetadata.TryRead(
            Req("""{"metadata":{"public":true,"auto_scan":"1","severity":"Low","max_upstream_conn":5,"color":"blue","prevent_vul":null}}"""),
            out var metadata,
            out var error), error);

        Assert.Equal(
            new Dictionary<string, string> { ["public"] = "true", ["auto_scan"] = "true", ["severity"] = "low", ["max_upstream_conn"] = "5" },
            metadata);
    }

    [Theory]
    [InlineData("""{"public":true}""", "true")]
    [InlineData("""{"public":false,"metadata":{"public":"true"}}""", "true")]
    [InlineData("""{"public":true,"metadata":{"public":"false"}}""", "false")]
    public void TryRead_deprecated_public_applies_when_metadata_public_is_absent(string json, string expected)
    {
        Assert.True(ProjectRequestMetadata.TryRead(Req(json), out var metadata, out _));
        Assert.Equal(expected, metadata["public"]);
    }

    [Theory]
    [InlineData("""{"metadata":{"public":"maybe"}}""")]
    [InlineData("""{"metadata":{"public":{"x":1}}}""")]
    [InlineData("""{"metadata":{"severity":["high"]}}""")]
    [InlineData("""{"metadata":{"retention_id":"3"}}""")]
    public void TryRead_rejects_bad_values(string json)
    {
        Assert.False(ProjectRequestMetadata.TryRead(Req(json), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryRead_empty_retention_id_is_accepted_and_dropped()
    {
        Assert.True(ProjectRequestMetadata.TryRead(Req("""{"metadata":{"retention_id":""}}"""), out var metadata, out _));
        Assert.Empty(metadata);
    }

    [Fact]
    public void ProjectOptions_default_is_everyone_and_validator_rejects_undefined_values()
    {
        var validator = new ProjectOptionsValidator();

        Assert.Equal(ProjectCreationRestriction.Everyone, new ProjectOptions().CreationRestriction);
        Assert.True(validator.Validate(null, new ProjectOptions { CreationRestriction = ProjectCreationRestriction.AdminOnly }).Succeeded);
        var failed = validator.Validate(null, new ProjectOptions { CreationRestriction = (ProjectCreationRestriction)7 });
        Assert.True(failed.Failed);
        Assert.Contains(ProjectOptions.Section, failed.FailureMessage, StringComparison.Ordinal);
    }
}
