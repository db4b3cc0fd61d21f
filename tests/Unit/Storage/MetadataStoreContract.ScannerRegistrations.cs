using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Scanner registrations and project scanners (migration 18), on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static ScannerRegistrationRecord Registration(string uuid, string name, string url) =>
        new(uuid, name, "desc " + name, url, false, false, "Bearer", "v1.sealed", true, false, false, T0, T0);

    [Fact]
    public async Task Scanner_registrations_start_with_the_built_in_default_which_cannot_be_changed_or_deleted()
    {
        var store = await StoreAsync();

        var builtIn = Assert.Single(await store.ListScannerRegistrationsAsync(Ct));
        Assert.True(builtIn.IsBuiltIn);
        Assert.True(builtIn.IsDefault);
        Assert.True(builtIn.Immutable);
        Assert.Equal(ScannerRegistrationRecord.BuiltInUuid, builtIn.Uuid);
        Assert.Equal(ScannerRegistrationChange.Immutable, await store.TryDeleteScannerRegistrationAsync(builtIn.Uuid, Ct));
        Assert.Equal(ScannerRegistrationChange.Immutable, await store.TryUpdateScannerRegistrationAsync(builtIn with { Name = "x" }, Ct));
        Assert.Equal(builtIn, await store.GetScannerRegistrationAsync(builtIn.Uuid, Ct));
    }

    [Fact]
    public async Task TryCreateScannerRegistration_stores_every_field_and_refuses_a_taken_name_or_url()
    {
        var store = await StoreAsync();
        var trivy = Registration("u-1", "Trivy", "http://trivy:8080");

        Assert.Equal(ScannerRegistrationChange.Changed, await store.TryCreateScannerRegistrationAsync(trivy, Ct));
        Assert.Equal(ScannerRegistrationChange.Duplicate, await store.TryCreateScannerRegistrationAsync(Registration("u-2", "Trivy", "http://other"), Ct));
        Assert.Equal(ScannerRegistrationChange.Duplicate, await store.TryCreateScannerRegistrationAsync(Registration("u-3", "Other", "http://trivy:8080"), Ct));

        Assert.Equal(trivy, await (await CreateStoreAsync()).GetScannerRegistrationAsync("u-1", Ct));
        Assert.Equal([ScannerRegistrationRecord.BuiltInUuid, "u-1"], (await store.ListScannerRegistrationsAsync(Ct)).Select(r => r.Uuid));
        Assert.Null(await store.GetScannerRegistrationAsync("u-2", Ct));
    }

    [Fact]
    public async Task TryUpdateScannerRegistration_replaces_fields_and_refuses_duplicates_and_unknown_ids()
    {
        var store = await StoreAsync();
        await store.TryCreateScannerRegistrationAsync(Registration("u-1", "One", "http://one"), Ct);
        await store.TryCreateScannerRegistrationAsync(Registration("u-2", "Two", "http://two"), Ct);
        var changed = Registration("u-1", "Uno", "http://uno") with { Disabled = true, Auth = "", AccessCredential = "", UpdateTime = T0.AddMinutes(1) };

        Assert.Equal(ScannerRegistrationChange.Changed, await store.TryUpdateScannerRegistrationAsync(changed, Ct));
        Assert.Equal(ScannerRegistrationChange.Duplicate, await store.TryUpdateScannerRegistrationAsync(changed with { Uuid = "u-2" }, Ct));
        Assert.Equal(ScannerRegistrationChange.NotFound, await store.TryUpdateScannerRegistrationAsync(changed with { Uuid = "u-9", Name = "n9", Url = "http://9" }, Ct));

        Assert.Equal(changed, await store.GetScannerRegistrationAsync("u-1", Ct));
        Assert.Equal("Two", (await store.GetScannerRegistrationAsync("u-2", Ct))!.Name);
    }

    [Fact]
    public async Task SetDefaultScannerRegistration_keeps_exactly_one_default_and_the_default_cannot_be_deleted()
    {
        var store = await StoreAsync();
        await store.TryCreateScannerRegistrationAsync(Registration("u-1", "One", "http://one"), Ct);

        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetDefaultScannerRegistrationAsync("u-1", T0, Ct));
        Assert.Equal(ScannerRegistrationChange.NotFound, await store.SetDefaultScannerRegistrationAsync("u-9", T0, Ct));
        Assert.Equal(["u-1"], (await store.ListScannerRegistrationsAsync(Ct)).Where(r => r.IsDefault).Select(r => r.Uuid));
        Assert.Equal(ScannerRegistrationChange.IsDefault, await store.TryDeleteScannerRegistrationAsync("u-1", Ct));

        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetDefaultScannerRegistrationAsync(ScannerRegistrationRecord.BuiltInUuid, T0, Ct));
        Assert.Equal([ScannerRegistrationRecord.BuiltInUuid], (await store.ListScannerRegistrationsAsync(Ct)).Where(r => r.IsDefault).Select(r => r.Uuid));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.TryDeleteScannerRegistrationAsync("u-1", Ct));
        Assert.Equal(ScannerRegistrationChange.NotFound, await store.TryDeleteScannerRegistrationAsync("u-1", Ct));
    }

    [Fact]
    public async Task Project_scanners_bind_replace_and_go_with_their_registration_or_project()
    {
        var store = await StoreAsync();
        var kept = await store.TryCreateProjectAsync("scanned", "owner", Private, T0, Ct);
        var doomed = await store.TryCreateProjectAsync("scanned-doomed", "owner", Private, T0, Ct);
        await store.TryCreateScannerRegistrationAsync(Registration("u-1", "One", "http://one"), Ct);

        Assert.Null(await store.GetProjectScannerAsync(kept!.ProjectId, Ct));
        Assert.Equal(ScannerRegistrationChange.NotFound, await store.SetProjectScannerAsync(kept.ProjectId, "u-9", Ct));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetProjectScannerAsync(kept.ProjectId, "u-1", Ct));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetProjectScannerAsync(doomed!.ProjectId, ScannerRegistrationRecord.BuiltInUuid, Ct));
        Assert.Equal("u-1", await store.GetProjectScannerAsync(kept.ProjectId, Ct));

        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetProjectScannerAsync(kept.ProjectId, ScannerRegistrationRecord.BuiltInUuid, Ct));
        Assert.Equal(ScannerRegistrationRecord.BuiltInUuid, await store.GetProjectScannerAsync(kept.ProjectId, Ct));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.SetProjectScannerAsync(kept.ProjectId, "u-1", Ct));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.TryDeleteScannerRegistrationAsync("u-1", Ct));
        Assert.Null(await store.GetProjectScannerAsync(kept.ProjectId, Ct));

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("scanned-doomed", Ct));
        Assert.Null(await store.GetProjectScannerAsync(doomed.ProjectId, Ct));
    }
}
