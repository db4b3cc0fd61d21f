using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Registry endpoints (migration 20), on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static RegistryEndpointRecord Endpoint(string name, string type = RegistryEndpointTypes.DockerRegistry, string sealedSecret = "v1.sealed") =>
        new(
            new RegistryEndpoint(
                0, name, type, $"https://{name}.example", "about " + name, false, RegistryCredentialTypes.Basic, "user-" + name, sealedSecret.Length > 0,
                "unknown", T0, T0),
            sealedSecret);

    private static ListQuery EndpointQuery(int page = 1, int pageSize = 10, params (string Field, QueryValue Value)[] filters) =>
        new(filters.ToDictionary(f => f.Field, f => f.Value, StringComparer.Ordinal), [], page, pageSize);

    [Fact]
    public async Task TryCreateRegistryEndpoint_stores_every_field_with_a_new_id_and_refuses_a_taken_name()
    {
        var store = await StoreAsync();
        var hub = Endpoint("hub", RegistryEndpointTypes.DockerHub);
        hub = hub with { Endpoint = hub.Endpoint with { Insecure = true, Description = "é ✓" } };

        var created = await store.TryCreateRegistryEndpointAsync(hub, Ct);
        var duplicate = await store.TryCreateRegistryEndpointAsync(Endpoint("hub", RegistryEndpointTypes.Quay), Ct);

        Assert.Equal(RegistryEndpointChange.Changed, created.Outcome);
        Assert.True(created.Endpoint!.Id > 0);
        Assert.Equal(hub.Endpoint with { Id = created.Endpoint.Id }, created.Endpoint);
        Assert.Equal(RegistryEndpointChange.Duplicate, duplicate.Outcome);
        Assert.Null(duplicate.Endpoint);

        var read = await (await CreateStoreAsync()).GetRegistryEndpointAsync(created.Endpoint.Id, Ct);
        Assert.Equal(hub with { Endpoint = created.Endpoint }, read);
        Assert.Null(read!.LastPingTime);
        Assert.Equal(read, await store.FindRegistryEndpointAsync("hub", Ct));
        Assert.Null(await store.FindRegistryEndpointAsync("HUB", Ct));
        Assert.Null(await store.GetRegistryEndpointAsync(created.Endpoint.Id + 1000, Ct));
    }

    [Fact]
    public async Task A_registry_endpoint_without_credential_has_no_access_key_and_no_secret()
    {
        var store = await StoreAsync();
        var anonymous = Endpoint("public", sealedSecret: string.Empty);
        anonymous = anonymous with { Endpoint = anonymous.Endpoint with { AccessKey = null } };

        var created = (await store.TryCreateRegistryEndpointAsync(anonymous, Ct)).Endpoint!;
        var read = (await store.GetRegistryEndpointAsync(created.Id, Ct))!;

        Assert.Null(read.Endpoint.AccessKey);
        Assert.False(read.Endpoint.HasSecret);
        Assert.Equal(string.Empty, read.SealedSecret);
    }

    [Fact]
    public async Task TryUpdateRegistryEndpoint_replaces_fields_keeps_creation_and_ping_times_and_refuses_taken_names_and_unknown_ids()
    {
        var store = await StoreAsync();
        var one = (await store.TryCreateRegistryEndpointAsync(Endpoint("one"), Ct)).Endpoint!;
        var two = (await store.TryCreateRegistryEndpointAsync(Endpoint("two"), Ct)).Endpoint!;
        await store.SetRegistryEndpointStatusAsync(one.Id, "healthy", T0.AddMinutes(1), Ct);
        var changed = new RegistryEndpointRecord(
            one with
            {
                Name = "uno", Type = RegistryEndpointTypes.Harbor, Url = "http://uno.example:5000", Description = "renamed", Insecure = true,
                CredentialType = RegistryCredentialTypes.OAuth, AccessKey = "robot$uno", HasSecret = true, Status = "unknown",
                CreationTime = T0.AddDays(9), UpdateTime = T0.AddMinutes(2),
            },
            "v1.resealed");

        var updated = await store.TryUpdateRegistryEndpointAsync(changed, Ct);
        var clash = await store.TryUpdateRegistryEndpointAsync(changed with { Endpoint = changed.Endpoint with { Id = two.Id } }, Ct);
        var missing = await store.TryUpdateRegistryEndpointAsync(changed with { Endpoint = changed.Endpoint with { Id = two.Id + 1000, Name = "nine" } }, Ct);

        Assert.Equal(RegistryEndpointChange.Changed, updated.Outcome);
        Assert.Equal(changed.Endpoint with { CreationTime = T0 }, updated.Endpoint);
        Assert.Equal(RegistryEndpointChange.Duplicate, clash.Outcome);
        Assert.Equal(RegistryEndpointChange.NotFound, missing.Outcome);
        var read = (await store.GetRegistryEndpointAsync(one.Id, Ct))!;
        Assert.Equal(updated.Endpoint, read.Endpoint);
        Assert.Equal("v1.resealed", read.SealedSecret);
        Assert.Equal(T0.AddMinutes(1), read.LastPingTime);
        Assert.Equal(two, (await store.GetRegistryEndpointAsync(two.Id, Ct))!.Endpoint);
        Assert.Null(await store.FindRegistryEndpointAsync("nine", Ct));
    }

    [Fact]
    public async Task Renaming_a_registry_endpoint_to_its_own_name_is_not_a_duplicate()
    {
        var store = await StoreAsync();
        var one = (await store.TryCreateRegistryEndpointAsync(Endpoint("same"), Ct)).Endpoint!;

        var updated = await store.TryUpdateRegistryEndpointAsync(new RegistryEndpointRecord(one with { Description = "new" }, "v1.sealed"), Ct);

        Assert.Equal(RegistryEndpointChange.Changed, updated.Outcome);
        Assert.Equal("new", updated.Endpoint!.Description);
    }

    [Fact]
    public async Task SetRegistryEndpointStatus_records_the_ping_but_not_an_update()
    {
        var store = await StoreAsync();
        var one = (await store.TryCreateRegistryEndpointAsync(Endpoint("pinged"), Ct)).Endpoint!;

        Assert.True(await store.SetRegistryEndpointStatusAsync(one.Id, "unhealthy", T0.AddHours(1), Ct));
        Assert.False(await store.SetRegistryEndpointStatusAsync(one.Id + 1000, "healthy", T0, Ct));

        var read = (await store.GetRegistryEndpointAsync(one.Id, Ct))!;
        Assert.Equal("unhealthy", read.Endpoint.Status);
        Assert.Equal(T0.AddHours(1), read.LastPingTime);
        Assert.Equal(T0, read.Endpoint.UpdateTime);
    }

    [Fact]
    public async Task DeleteRegistryEndpoint_removes_it_and_frees_the_name()
    {
        var store = await StoreAsync();
        var one = (await store.TryCreateRegistryEndpointAsync(Endpoint("gone"), Ct)).Endpoint!;

        Assert.True(await store.DeleteRegistryEndpointAsync(one.Id, Ct));
        Assert.False(await store.DeleteRegistryEndpointAsync(one.Id, Ct));

        Assert.Null(await store.GetRegistryEndpointAsync(one.Id, Ct));
        var again = await store.TryCreateRegistryEndpointAsync(Endpoint("gone"), Ct);
        Assert.Equal(RegistryEndpointChange.Changed, again.Outcome);
        Assert.NotEqual(one.Id, again.Endpoint!.Id);
    }

    [Fact]
    public async Task ListRegistryEndpoints_filters_by_name_and_type_pages_by_id_and_counts_all_matches()
    {
        var store = await StoreAsync();
        var ids = new List<long>();
        foreach (var (name, type) in new[]
                 {
                     ("dr-east", RegistryEndpointTypes.DockerRegistry), ("dr-west", RegistryEndpointTypes.DockerRegistry),
                     ("hub", RegistryEndpointTypes.DockerHub), ("DR_backup", RegistryEndpointTypes.Harbor),
                 })
        {
            ids.Add((await store.TryCreateRegistryEndpointAsync(Endpoint(name, type), Ct)).Endpoint!.Id);
        }

        var all = await store.ListRegistryEndpointsAsync(EndpointQuery(), Ct);
        var firstPage = await store.ListRegistryEndpointsAsync(EndpointQuery(1, 3), Ct);
        var secondPage = await store.ListRegistryEndpointsAsync(EndpointQuery(2, 3), Ct);
        var fuzzy = await store.ListRegistryEndpointsAsync(EndpointQuery(filters: (RegistryEndpointFields.Name, new FuzzyValue("dr"))), Ct);
        var underscore = await store.ListRegistryEndpointsAsync(EndpointQuery(filters: (RegistryEndpointFields.Name, new FuzzyValue("r_"))), Ct);
        var typed = await store.ListRegistryEndpointsAsync(
            EndpointQuery(filters: [(RegistryEndpointFields.Type, new ExactValue(RegistryEndpointTypes.DockerRegistry)), (RegistryEndpointFields.Name, new FuzzyValue("west"))]),
            Ct);
        var byName = await store.ListRegistryEndpointsAsync(
            new ListQuery(new Dictionary<string, QueryValue>(), [new SortKey(RegistryEndpointFields.Name, true)], 1, 10), Ct);

        Assert.Equal(ids, all.Items.Select(e => e.Id));
        Assert.Equal(4, all.Total);
        Assert.Equal(ids[..3], firstPage.Items.Select(e => e.Id));
        Assert.Equal(4, firstPage.Total);
        Assert.Equal([ids[3]], secondPage.Items.Select(e => e.Id));
        Assert.Equal(["dr-east", "dr-west", "DR_backup"], fuzzy.Items.Select(e => e.Name));
        Assert.Equal(3, fuzzy.Total);
        Assert.Equal(["DR_backup"], underscore.Items.Select(e => e.Name));
        Assert.Equal(["dr-west"], typed.Items.Select(e => e.Name));
        Assert.Equal(1, typed.Total);
        Assert.Equal(["hub", "dr-west", "dr-east", "DR_backup"], byName.Items.Select(e => e.Name));
        Assert.True(all.Items.All(e => e.HasSecret));
    }
}
