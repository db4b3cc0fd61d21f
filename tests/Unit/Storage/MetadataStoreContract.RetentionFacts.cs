using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Retention's one read of a repository's tags, pull times and labels, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task ReadRetentionFacts_returns_the_repositorys_tags_pull_times_and_label_names_only()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "latest", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:b"), null, Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:c"), "v3", Ct);
        await store.PutManifestAsync(Manifest("lib/other", "sha256:a"), "other", Ct);
        await store.RecordPullsAsync([new("lib/app", "sha256:a", 3, T0.AddMinutes(2)), new("lib/other", "sha256:c", 1, T0)], Ct);
        var prod = await store.TryCreateLabelAsync(Label("prod"), Ct);
        var gold = await store.TryCreateLabelAsync(Label("gold"), Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:b", gold!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/app", "sha256:b", prod!.LabelId, T0, Ct);
        await store.TryAddArtifactLabelAsync("lib/other", "sha256:a", prod.LabelId, T0, Ct);

        var facts = await store.ReadRetentionFactsAsync("lib/app", Ct);

        var listed = await store.ListTagsOfAsync("lib/app", ["sha256:a", "sha256:b", "sha256:c"], Ct);
        Assert.Equal(listed.OrderBy(t => t.Name, StringComparer.Ordinal), facts.Tags.OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(["latest", "v1", "v3"], facts.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["sha256:a"] = T0.AddMinutes(2) }, facts.PullTimes);
        Assert.Equal(["sha256:b"], facts.Labels.Keys);
        Assert.Equal(["prod", "gold"], facts.Labels["sha256:b"]);
    }

    [Fact]
    public async Task ReadRetentionFacts_of_an_unknown_repository_is_empty()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a"), "v1", Ct);

        var facts = await store.ReadRetentionFactsAsync("lib/none", Ct);

        Assert.Empty(facts.Tags);
        Assert.Empty(facts.PullTimes);
        Assert.Empty(facts.Labels);
    }
}
