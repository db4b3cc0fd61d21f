using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// Harbor's /api/v2.0/registries and /replication/adapters(infos): CRUD, validation, the secret never shown, logged or
/// audited, ping and status, info shapes, system-admin only, and delete refused while an endpoint is in use.
/// </summary>
public sealed class RegistriesApiTests(RegistriesFactory factory) : IClassFixture<RegistriesFactory>
{
    private const string Registries = "/api/v2.0/registries";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UniqueName(string prefix = "reg") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private IRegistryEndpointMetadata Store => factory.Services.GetRequiredService<IRegistryEndpointMetadata>();

    private static async Task<long> CreateAsync(RegistryClient admin, object body)
    {
        using var response = await admin.Http.PostAsJsonAsync(Registries, body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Registries + "/", location, StringComparison.Ordinal);
        return long.Parse(location[(Registries.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static Task<long> CreateAsync(RegistryClient admin, string name, string url, string? secret = null, string type = RegistryEndpointTypes.DockerRegistry) =>
        CreateAsync(admin, new { name, type, url, description = "about " + name, credential = new { type = "basic", access_key = "robot", access_secret = secret } });

    private static async Task<JsonObject> GetAsync(RegistryClient admin, long id)
    {
        using var response = await admin.GetAsync($"{Registries}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await RegistryClient.JsonAsync(response)).AsObject();
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response) =>
        (string)(await RegistryClient.JsonAsync(response))["errors"]![0]!["message"]!;

    [Fact]
    public async Task Create_answers_201_with_location_and_get_shows_harbor_fields_with_the_secret_masked_and_sealed_at_rest()
    {
        using var admin = factory.Admin();
        var name = UniqueName();
        var id = await CreateAsync(
            admin,
            new { name, type = "harbor", url = "https://harbor.example:8443/", description = "dr site", insecure = true,
                  credential = new { type = "basic", access_key = "robot$dr", access_secret = "pa55-word" } });

        var json = await GetAsync(admin, id);

        Assert.Equal(id, (long)json["id"]!);
        Assert.Equal(name, (string?)json["name"]);
        Assert.Equal("harbor", (string?)json["type"]);
        Assert.Equal("https://harbor.example:8443", (string?)json["url"]);
        Assert.Equal("dr site", (string?)json["description"]);
        Assert.True((bool)json["insecure"]!);
        Assert.Equal("unknown", (string?)json["status"]);
        Assert.True(json.ContainsKey("creation_time") && json.ContainsKey("update_time"));
        var credential = json["credential"]!.AsObject();
        Assert.Equal("basic", (string?)credential["type"]);
        Assert.Equal("robot$dr", (string?)credential["access_key"]);
        Assert.Equal("*****", (string?)credential["access_secret"]);
        var stored = (await Store.GetRegistryEndpointAsync(id, Ct))!;
        Assert.NotEmpty(stored.SealedSecret);
        Assert.DoesNotContain("pa55-word", stored.SealedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Remotes.Opened, o => o.Endpoint.Id == id);
    }

    [Fact]
    public async Task An_endpoint_without_credential_answers_an_empty_credential_and_docker_hub_takes_its_fixed_url()
    {
        using var admin = factory.Admin();
        var id = await CreateAsync(admin, new { name = UniqueName("hub"), type = "docker-hub" });

        var json = await GetAsync(admin, id);

        Assert.Equal("https://hub.docker.com", (string?)json["url"]);
        Assert.Empty(json["credential"]!.AsObject());
    }

    [Fact]
    public async Task Bad_bodies_are_400_and_a_taken_name_409_changing_nothing()
    {
        using var admin = factory.Admin();
        var name = UniqueName();
        await CreateAsync(admin, name, "http://one.example");
        var before = (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total;

        object[] bad =
        [
            new { name = UniqueName(), type = "nexus", url = "http://x.example" },
            new { name = UniqueName(), url = "http://x.example" },
            new { name = UniqueName(), type = "harbor", url = "ftp://x.example" },
            new { name = UniqueName(), type = "harbor", url = "x.example/path" },
            new { name = UniqueName(), type = "harbor" },
            new { name = UniqueName(), type = "harbor", url = "http://user:pw@x.example" },
            new { name = "  ", type = "harbor", url = "http://x.example" },
            new { name = new string('n', 65), type = "harbor", url = "http://x.example" },
            new { name = UniqueName(), type = "harbor", url = "http://x.example", credential = new { type = "kerberos", access_key = "k" } },
            new { name = UniqueName(), type = "harbor", url = "http://x.example", credential = new { access_secret = "orphan" } },
            new { name = UniqueName(), type = "harbor", url = "http://x.example", ca_certificate = "-----BEGIN CERTIFICATE-----" },
        ];
        foreach (var body in bad)
        {
            using var response = await admin.Http.PostAsJsonAsync(Registries, body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("BAD_REQUEST", (string?)(await RegistryClient.JsonAsync(response))["errors"]![0]!["code"]);
        }

        using var malformed = await admin.SendAsync(HttpMethod.Post, Registries, HarborProjects.Json("{not json"));
        using var taken = await admin.Http.PostAsJsonAsync(Registries, new { name, type = "quay", url = "https://quay.example" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains(name, await ErrorMessageAsync(taken), StringComparison.Ordinal);
        Assert.Equal(before, (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total);
    }

    [Fact]
    public async Task List_filters_by_q_type_and_the_old_name_parameter_and_pages_with_total_and_link()
    {
        using var admin = factory.Admin();
        var prefix = UniqueName("list");
        var ids = new[]
        {
            await CreateAsync(admin, prefix + "-a", "http://a.example"),
            await CreateAsync(admin, prefix + "-b", "http://b.example"),
            await CreateAsync(admin, prefix + "-c", "https://quay.example", type: "quay"),
        };

        using var first = await admin.GetAsync($"{Registries}?q=name%3D~{prefix}&page=1&page_size=2");
        using var second = await admin.GetAsync($"{Registries}?q=name%3D~{prefix}&page=2&page_size=2");
        using var quay = await admin.GetAsync($"{Registries}?q=name%3D~{prefix},type%3Dquay");
        using var legacy = await admin.GetAsync($"{Registries}?name={prefix}-b");
        using var badQuery = await admin.GetAsync($"{Registries}?q=id%3D~x");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ids[..2], (await RegistryClient.JsonAsync(first)).AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal("3", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal([ids[2]], (await RegistryClient.JsonAsync(second)).AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal([ids[2]], (await RegistryClient.JsonAsync(quay)).AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal([ids[1]], (await RegistryClient.JsonAsync(legacy)).AsArray().Select(r => (long)r!["id"]!));
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
    }

    [Fact]
    public async Task Update_changes_only_the_given_fields_keeps_the_secret_through_a_rename_and_drops_it_when_the_url_moves()
    {
        using var admin = factory.Admin();
        var name = UniqueName();
        var id = await CreateAsync(admin, name, "http://keep.example", "first-secret");
        var renamed = UniqueName("renamed");

        using var rename = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { name = renamed, description = "new words" }));
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        var json = await GetAsync(admin, id);
        Assert.Equal(renamed, (string?)json["name"]);
        Assert.Equal("new words", (string?)json["description"]);
        Assert.Equal("http://keep.example", (string?)json["url"]);
        Assert.Equal("*****", (string?)json["credential"]!["access_secret"]);
        Assert.Equal("first-secret", (await OpenStoredAsync(id)).Credential!.AccessSecret);

        using var newSecret = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { access_key = "other", access_secret = "second-secret" }));
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        Assert.Equal(new RegistryCredential("basic", "other", "second-secret"), (await OpenStoredAsync(id)).Credential);

        using var moved = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { url = "http://elsewhere.example" }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        json = await GetAsync(admin, id);
        Assert.Equal("http://elsewhere.example", (string?)json["url"]);
        Assert.False(json["credential"]!.AsObject().ContainsKey("access_secret"));
        Assert.Equal(string.Empty, (await OpenStoredAsync(id)).Credential!.AccessSecret);
    }

    [Fact]
    public async Task Update_of_an_unknown_id_is_404_a_taken_name_409_and_bad_values_400_changing_nothing()
    {
        using var admin = factory.Admin();
        var taken = UniqueName();
        await CreateAsync(admin, taken, "http://taken.example");
        var id = await CreateAsync(admin, UniqueName(), "http://mine.example", "s");
        var before = await GetAsync(admin, id);

        using var missing = await admin.SendAsync(HttpMethod.Put, $"{Registries}/999999", JsonContent.Create(new { description = "x" }));
        using var clash = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { name = taken }));
        using var badUrl = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { url = "file:///etc/passwd" }));
        using var badId = await admin.SendAsync(HttpMethod.Put, $"{Registries}/abc", JsonContent.Create(new { description = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal(before.ToJsonString(), (await GetAsync(admin, id)).ToJsonString());
    }

    [Fact]
    public async Task Ping_of_a_stored_endpoint_answers_by_its_health_and_records_it_as_the_status()
    {
        using var admin = factory.Admin();
        var url = $"http://{UniqueName("ping")}.example";
        var id = await CreateAsync(admin, UniqueName(), url, "ping-secret");

        factory.Remotes.Health[url] = RegistryHealth.Ok;
        using var healthy = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { id }, Ct);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("healthy", (string?)(await GetAsync(admin, id))["status"]);
        var pinged = (await Store.GetRegistryEndpointAsync(id, Ct))!;
        Assert.NotNull(pinged.LastPingTime);

        factory.Remotes.Health[url] = new RegistryHealth(false, "401 from the registry: wrong password");
        using var unhealthy = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { id }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unhealthy.StatusCode);
        Assert.Contains("wrong password", await ErrorMessageAsync(unhealthy), StringComparison.Ordinal);
        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, id))["status"]);

        // Overrides make the ping about other settings: the stored status stays, and the stored URL cannot be redirected.
        factory.Remotes.Health[url] = RegistryHealth.Ok;
        using var overridden = await admin.Http.PostAsJsonAsync(
            $"{Registries}/ping", new { id, url = "http://attacker.example", access_key = "someone" }, Ct);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var last = factory.Remotes.Opened.Last();
        Assert.Equal(url, last.Endpoint.Url);
        Assert.Equal(new RegistryCredential("basic", "someone", "ping-secret"), last.Credential);
        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, id))["status"]);

        using var unknown = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { id = 999999 }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Ping_of_an_unsaved_endpoint_opens_it_with_the_given_credential_and_stores_nothing()
    {
        using var admin = factory.Admin();
        var url = $"https://{UniqueName("unsaved")}.example";
        factory.Remotes.Health[url] = RegistryHealth.Ok;
        var before = (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total;

        using var healthy = await admin.Http.PostAsJsonAsync(
            $"{Registries}/ping", new { type = "docker-registry", url, credential_type = "basic", access_key = "me", access_secret = "pw" }, Ct);
        using var down = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { type = "docker-registry", url = "http://down.example" }, Ct);
        using var noType = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { url }, Ct);
        using var badType = await admin.Http.PostAsJsonAsync($"{Registries}/ping", new { type = "nexus", url }, Ct);

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Contains(factory.Remotes.Opened, o => o.Endpoint.Url == url && o.Credential == new RegistryCredential("basic", "me", "pw"));
        Assert.Equal(HttpStatusCode.BadRequest, down.StatusCode);
        Assert.Contains("connection refused", await ErrorMessageAsync(down), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Equal(before, (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total);
    }

    [Fact]
    public async Task The_secret_is_in_no_answer_no_audit_record_and_no_log_line_and_changes_are_audited()
    {
        using var admin = factory.Admin();
        var secret = "S3cret-" + Guid.NewGuid().ToString("N");
        var name = UniqueName("secret");
        var url = $"http://{name}.example";
        factory.Remotes.Health[url] = RegistryHealth.Ok;
        var bodies = new List<string>();

        async Task Keep(Task<HttpResponseMessage> call)
        {
            using var response = await call;
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            bodies.AddRange(response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
        }

        var id = await CreateAsync(admin, name, url, secret);
        await Keep(admin.GetAsync($"{Registries}/{id}"));
        await Keep(admin.GetAsync($"{Registries}?q=name%3D{name}"));
        await Keep(admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { name = name + "-x", access_secret = secret + "2" })));
        await Keep(admin.Http.PostAsJsonAsync($"{Registries}/ping", new { id }, Ct));
        await Keep(admin.Http.PostAsJsonAsync($"{Registries}/ping", new { type = "harbor", url = "http://down.example", access_key = "k", access_secret = secret }, Ct));
        await Keep(admin.DeleteAsync($"{Registries}/{id}"));

        Assert.All(bodies, b => Assert.DoesNotContain(secret, b, StringComparison.Ordinal));
        await AuditLogs.FlushAsync(factory);
        var audit = await factory.Services.GetRequiredService<IAuditMetadata>().ListAuditLogsAsync(
            new AuditLogQuery([new AuditFilter(AuditLogFields.ResourceType, AuditMatch.Exact, [AuditEvents.Registry])], [], 1, 1000, null), Ct);
        var mine = audit.Items.Select(e => e.Event).Where(e => e.Resource.StartsWith(name, StringComparison.Ordinal)).OrderBy(e => e.OpTime).ToList();
        Assert.Equal(
            [$"admin create {name}", $"admin update {name}-x", $"admin delete {name}-x"],
            mine.Select(e => $"{e.Username} {e.Operation} {e.Resource}"));
        Assert.Contains("credential", mine[1].Description, StringComparison.Ordinal);
        Assert.All(mine, e => Assert.DoesNotContain(secret, e.Description ?? string.Empty, StringComparison.Ordinal));
        Assert.All(
            factory.Logs.Events,
            e => Assert.DoesNotContain(secret, e.Message + string.Join(" ", e.Properties.Values), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Info_and_adapters_answer_in_harbors_shapes()
    {
        using var admin = factory.Admin();
        var harbor = await CreateAsync(admin, UniqueName(), "https://harbor.example", type: "harbor");
        var plain = await CreateAsync(admin, UniqueName(), "https://distribution.example");

        using var harborInfo = await admin.GetAsync($"{Registries}/{harbor}/info");
        using var plainInfo = await admin.GetAsync($"{Registries}/{plain}/info");
        using var missingInfo = await admin.GetAsync($"{Registries}/999999/info");
        using var adapters = await admin.GetAsync("/api/v2.0/replication/adapters");
        using var adapterInfos = await admin.GetAsync("/api/v2.0/replication/adapterinfos");

        var info = (await RegistryClient.JsonAsync(harborInfo)).AsObject();
        Assert.Equal("harbor", (string?)info["type"]);
        Assert.Equal("harbor adapter", (string?)info["description"]);
        Assert.Equal(["manual", "scheduled"], info["supported_triggers"]!.AsArray().Select(t => (string)t!));
        Assert.True((bool)info["supported_copy_by_chunk"]!);
        var filters = info["supported_resource_filters"]!.AsArray().Select(f => $"{f!["type"]}:{f["style"]}:{string.Join('|', f["values"]!.AsArray())}");
        Assert.Equal(["name:input:", "tag:input:", "label:list:", "resource:radio:artifact"], filters);
        var plainJson = (await RegistryClient.JsonAsync(plainInfo)).AsObject();
        Assert.False(plainJson.ContainsKey("supported_copy_by_chunk"));
        Assert.Equal("resource:radio:image", plainJson["supported_resource_filters"]!.AsArray().Select(f => $"{f!["type"]}:{f["style"]}:{f["values"]![0]}").Last());
        Assert.Equal(HttpStatusCode.NotFound, missingInfo.StatusCode);
        Assert.Equal(RegistryEndpointTypes.All, (await RegistryClient.JsonAsync(adapters)).AsArray().Select(t => (string)t!));
        var infos = (await RegistryClient.JsonAsync(adapterInfos)).AsObject();
        Assert.Equal(RegistryEndpointTypes.All.Order(StringComparer.Ordinal), infos.Select(p => p.Key).Order(StringComparer.Ordinal));
        var hub = infos["docker-hub"]!["endpoint_pattern"]!;
        Assert.Equal("EndpointPatternTypeFix", (string?)hub["endpoint_type"]);
        Assert.Equal("hub.docker.com", (string?)hub["endpoints"]![0]!["key"]);
        Assert.Equal("https://hub.docker.com", (string?)hub["endpoints"]![0]!["value"]);
        Assert.Empty(infos["harbor"]!.AsObject());
    }

    [Fact]
    public async Task Only_system_administrators_reach_registries_others_403_and_anonymous_401()
    {
        using var admin = factory.Admin();
        var id = await CreateAsync(admin, UniqueName(), "http://guarded.example");
        using var user = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, Registries, null),
            (HttpMethod.Post, Registries, new { name = UniqueName(), type = "harbor", url = "http://x.example" }),
            (HttpMethod.Get, $"{Registries}/{id}", null),
            (HttpMethod.Put, $"{Registries}/{id}", new { description = "hijacked" }),
            (HttpMethod.Delete, $"{Registries}/{id}", null),
            (HttpMethod.Post, $"{Registries}/ping", new { id }),
            (HttpMethod.Get, $"{Registries}/{id}/info", null),
            (HttpMethod.Get, "/api/v2.0/replication/adapters", null),
            (HttpMethod.Get, "/api/v2.0/replication/adapterinfos", null),
        };

        foreach (var (method, path, body) in calls)
        {
            using var asUser = await user.SendAsync(method, path, body is null ? null : JsonContent.Create(body));
            using var asNobody = await anonymous.SendAsync(method, path, body is null ? null : JsonContent.Create(body));
            Assert.True(asUser.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as a user: {asUser.StatusCode}");
            Assert.True(asNobody.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} anonymously: {asNobody.StatusCode}");
        }

        var json = await GetAsync(admin, id);
        Assert.Equal("about " + json["name"], (string?)json["description"]);
    }

    [Fact]
    public async Task Delete_is_refused_with_412_naming_the_use_while_an_endpoint_is_used_and_then_removes_it()
    {
        using var admin = factory.Admin();
        var id = await CreateAsync(admin, UniqueName(), "http://used.example", "s");
        factory.Uses[id] = "replication policy 'nightly'";

        using var refused = await admin.DeleteAsync($"{Registries}/{id}");
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Contains("replication policy 'nightly'", await ErrorMessageAsync(refused), StringComparison.Ordinal);
        await GetAsync(admin, id);

        factory.Uses.TryRemove(id, out _);
        using var deleted = await admin.DeleteAsync($"{Registries}/{id}");
        using var again = await admin.DeleteAsync($"{Registries}/{id}");
        using var gone = await admin.GetAsync($"{Registries}/{id}");
        using var badId = await admin.GetAsync($"{Registries}/0");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    private async Task<(RegistryEndpoint Endpoint, RegistryCredential? Credential)> OpenStoredAsync(long id)
    {
        var remote = await factory.Services.GetRequiredService<IRemoteRegistryFactory>().OpenAsync(id, Ct);
        Assert.NotNull(remote);
        return factory.Remotes.Opened.Last(o => o.Endpoint.Id == id);
    }
}
