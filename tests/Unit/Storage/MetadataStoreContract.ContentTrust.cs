using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Content-trust policies, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private const string PolicyV1 = """{"cosign":{"enabled":true,"public_keys":[],"keyless":[],"trusted_root":{ "a": "é ✓" }}}""";
    private const string PolicyV2 = """{"cosign":{"enabled":false,"public_keys":[],"keyless":[]}}""";

    [Fact]
    public async Task SaveContentTrustPolicy_stores_the_document_as_sent_and_counts_versions()
    {
        var store = await StoreAsync();
        var project = await store.TryCreateProjectAsync("trusting", "owner", Private, T0, Ct);

        Assert.Null(await store.GetContentTrustPolicyAsync(project!.ProjectId, Ct));
        var first = await store.SaveContentTrustPolicyAsync(project.ProjectId, PolicyV1, T0, Ct);
        var second = await store.SaveContentTrustPolicyAsync(project.ProjectId, PolicyV2, T0.AddMinutes(1), Ct);
        var loaded = await (await CreateStoreAsync()).GetContentTrustPolicyAsync(project.ProjectId, Ct);

        Assert.Equal(new ContentTrustRecord(PolicyV1, 1, T0), first);
        Assert.Equal(new ContentTrustRecord(PolicyV2, 2, T0.AddMinutes(1)), second);
        Assert.Equal(second, loaded);
    }

    [Fact]
    public async Task SaveContentTrustPolicy_for_a_missing_project_stores_nothing()
    {
        var store = await StoreAsync();

        Assert.Null(await store.SaveContentTrustPolicyAsync(424242, PolicyV1, T0, Ct));
        Assert.Null(await store.GetContentTrustPolicyAsync(424242, Ct));
    }

    [Fact]
    public async Task Content_trust_policies_are_per_project_and_go_with_their_project()
    {
        var store = await StoreAsync();
        var kept = await store.TryCreateProjectAsync("kept", "owner", Private, T0, Ct);
        var doomed = await store.TryCreateProjectAsync("doomed", "owner", Private, T0, Ct);
        await store.SaveContentTrustPolicyAsync(kept!.ProjectId, PolicyV1, T0, Ct);
        await store.SaveContentTrustPolicyAsync(doomed!.ProjectId, PolicyV2, T0, Ct);

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("doomed", Ct));

        Assert.Null(await store.GetContentTrustPolicyAsync(doomed.ProjectId, Ct));
        Assert.Equal(PolicyV1, (await store.GetContentTrustPolicyAsync(kept.ProjectId, Ct))!.Document);
    }
}
