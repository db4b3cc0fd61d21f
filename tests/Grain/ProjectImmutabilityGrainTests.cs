using ArtifactKeeper.Policy;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// Immutable rules owned by the project grain, and their enforcement by the repository grain
/// (DESIGN invariant 5: decided in the grain).
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ProjectImmutabilityGrainTests(RegistryClusterFixture fixture)
{
    private static string NewName() => "i" + Guid.NewGuid().ToString("N")[..12];

    private IProjectImmutabilityGrain Rules(string project) => fixture.Client.GetGrain<IProjectImmutabilityGrain>(project);

    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    private static ImmutableRule Rule(string tags = "v*.*.*", string repositories = "**", int priority = 0) =>
        new(0, priority, false, "", "", null,
            [new ImmutableSelector("doublestar", "matches", tags)],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", "repoMatches", repositories)] });

    private async Task<string> ProjectAsync()
    {
        var name = NewName();
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        return name;
    }

    private async Task<ImmutableRule> CreateAsync(string project, ImmutableRule rule)
    {
        var result = await Rules(project).TryCreateImmutableRuleAsync(rule);
        Assert.True(result.Succeeded, result.Message);
        return result.Rule!;
    }

    [Fact]
    public async Task Create_fills_defaults_persists_and_survives_reactivation()
    {
        var project = await ProjectAsync();

        var created = await CreateAsync(project, Rule());

        Assert.True(created.Id > 0);
        Assert.Equal(("immutable", "immutable_template"), (created.Action, created.Template));
        await fixture.ReactivateAsync(fixture.Client.GetGrain<IProjectGrain>(project));
        var listed = Assert.Single(await Rules(project).ListImmutableRulesAsync());
        Assert.Equal(created.Id, listed.Id);
        Assert.Equal(created.TagSelectors, listed.TagSelectors);
    }

    [Fact]
    public async Task Create_invalid_duplicate_or_sixteenth_rule_is_refused_and_changes_nothing()
    {
        var project = await ProjectAsync();
        var first = await CreateAsync(project, Rule());

        var invalid = await Rules(project).TryCreateImmutableRuleAsync(Rule("v[1"));
        var duplicate = await Rules(project).TryCreateImmutableRuleAsync(Rule() with { Disabled = true });
        var missing = await Rules(NewName()).TryCreateImmutableRuleAsync(Rule());

        Assert.Equal(RegistryError.BadRequest, invalid.Error);
        Assert.Contains("invalid pattern", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.Conflict, duplicate.Error);
        Assert.Contains($"rule {first.Id}", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.ProjectNotFound, missing.Error);
        Assert.Single(await Rules(project).ListImmutableRulesAsync());

        for (var i = 2; i <= ProjectGrain.MaxImmutableRules; i++)
        {
            await CreateAsync(project, Rule($"r{i}-*"));
        }

        var sixteenth = await Rules(project).TryCreateImmutableRuleAsync(Rule("one-too-many"));
        Assert.Equal(RegistryError.BadRequest, sixteenth.Error);
        Assert.Contains("15", sixteenth.Message, StringComparison.Ordinal);
        Assert.Equal(ProjectGrain.MaxImmutableRules, (await Rules(project).ListImmutableRulesAsync()).Count);
    }

    [Fact]
    public async Task Update_and_delete_change_what_is_immutable_at_once()
    {
        var project = await ProjectAsync();
        var repository = $"{project}/app";
        var rule = await CreateAsync(project, Rule());
        Assert.Single(await Rules(project).FindImmutableTagsAsync(repository, ["v1.2.3", "latest"]));

        var updated = await Rules(project).TryUpdateImmutableRuleAsync(Rule("latest") with { Id = rule.Id });
        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal("latest", Assert.Single(await Rules(project).FindImmutableTagsAsync(repository, ["v1.2.3", "latest"])).Tag);

        var disabled = await Rules(project).TryUpdateImmutableRuleAsync(Rule("latest") with { Id = rule.Id, Disabled = true });
        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.Empty(await Rules(project).FindImmutableTagsAsync(repository, ["latest"]));

        Assert.True((await Rules(project).TryDeleteImmutableRuleAsync(rule.Id)).Succeeded);
        Assert.Empty(await Rules(project).ListImmutableRulesAsync());
        Assert.Empty(await fixture.Metadata.LoadImmutableRulesAsync((await fixture.Client.GetGrain<IProjectGrain>(project).GetAsync())!.ProjectId, CancellationToken.None));
    }

    [Fact]
    public async Task Update_or_delete_of_unknown_rule_or_bad_update_is_refused_and_changes_nothing()
    {
        var project = await ProjectAsync();
        var other = await ProjectAsync();
        var rule = await CreateAsync(project, Rule());
        var foreign = await CreateAsync(other, Rule());

        Assert.Equal(RegistryError.NameUnknown, (await Rules(project).TryUpdateImmutableRuleAsync(Rule("x") with { Id = foreign.Id })).Error);
        Assert.Equal(RegistryError.NameUnknown, (await Rules(project).TryDeleteImmutableRuleAsync(foreign.Id)).Error);
        Assert.Equal(RegistryError.BadRequest, (await Rules(project).TryUpdateImmutableRuleAsync(Rule("{") with { Id = rule.Id })).Error);

        Assert.Equal("v*.*.*", Assert.Single(await Rules(project).ListImmutableRulesAsync()).TagSelectors[0].Pattern);
        Assert.Single(await Rules(other).ListImmutableRulesAsync());
    }

    [Fact]
    public async Task Invariant5_repository_grain_refuses_moving_or_deleting_an_immutable_tag()
    {
        var project = await ProjectAsync();
        var repository = $"{project}/app";
        var rule = await CreateAsync(project, Rule());
        var first = await PushAsync(repository, "v1.2.3");
        var latest = await PushAsync(repository, "latest");

        var again = await PushAsync(repository, "v1.2.3", first.Content);
        var other = await ImageAsync(repository);
        var moved = await Put(repository, "v1.2.3", other);
        var movedLatest = await Put(repository, "latest", other);
        var deleteTag = await Repository(repository).TryDeleteTagAsync("v1.2.3");
        var deleteManifest = await Repository(repository).TryDeleteManifestAsync(first.Digest);

        Assert.Equal(first.Digest, again.Digest);
        Assert.Equal(RegistryError.TagImmutable, moved.Error);
        Assert.Contains("'app:v1.2.3' configured as immutable", moved.Message, StringComparison.Ordinal);
        Assert.Contains($"immutable rule {rule.Id} (tags matches v*.*.*, repositories repoMatches **)", moved.Message, StringComparison.Ordinal);
        Assert.True(movedLatest.Succeeded, movedLatest.Message);
        Assert.NotEqual(latest.Digest, movedLatest.Digest);
        Assert.Equal(RegistryError.TagImmutable, deleteTag.Error);
        Assert.Contains("the tag v1.2.3 configured as immutable", deleteTag.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.TagImmutable, deleteManifest.Error);
        Assert.Equal(RegistryError.TagImmutable, (await Repository(repository).TryDeleteManifestAsync(first.Digest)).Error);
        Assert.Equal(first.Digest, (await Repository(repository).GetManifestAsync("v1.2.3"))!.Digest);
        var stored = await fixture.Metadata.LoadRepositoryAsync(repository, CancellationToken.None);
        Assert.Contains(stored.Tags, t => t.Name == "v1.2.3" && t.Digest == first.Digest);

        // With the rule gone the same changes go through.
        Assert.True((await Rules(project).TryDeleteImmutableRuleAsync(rule.Id)).Succeeded);
        Assert.True((await Put(repository, "v1.2.3", other)).Succeeded);
        Assert.True((await Repository(repository).TryDeleteTagAsync("v1.2.3")).Succeeded);
    }

    [Fact]
    public async Task Repository_scope_matches_the_name_without_project()
    {
        var project = await ProjectAsync();
        await CreateAsync(project, Rule("**", "team/*"));

        Assert.Single(await Rules(project).FindImmutableTagsAsync($"{project}/team/app", ["anything"]));
        Assert.Empty(await Rules(project).FindImmutableTagsAsync($"{project}/app", ["anything"]));
        Assert.Empty(await Rules(project).FindImmutableTagsAsync($"{project}/team/app/sub", ["anything"]));
        Assert.Empty(await Rules(NewName()).FindImmutableTagsAsync("nowhere/app", ["anything"]));
    }

    private Task<PutManifestResult> Put(string name, string reference, byte[] content) =>
        Repository(name).PutManifestAsync(new PutManifestRequest(reference, null, content));

    private async Task<byte[]> ImageAsync(string name)
    {
        var config = TestContent.Utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        var layer = TestContent.RandomBytes();
        await TestContent.PublishBlobAsync(fixture, name, config);
        await TestContent.PublishBlobAsync(fixture, name, layer);
        return Manifests.Image((TestContent.DigestOf(config), config.Length), (TestContent.DigestOf(layer), layer.Length));
    }

    private async Task<(string Digest, byte[] Content)> PushAsync(string name, string tag, byte[]? content = null)
    {
        content ??= await ImageAsync(name);
        var result = await Put(name, tag, content);
        Assert.True(result.Succeeded, result.Message);
        return (result.Digest!, content);
    }
}
