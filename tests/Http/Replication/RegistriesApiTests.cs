using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Replication.Remote;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// Harbor's /api/v2.0/registries and /replication/adapters(infos): CRUD, validation, the secret never shown, logged or
/// audited, ping and status against real peers (docker-registry with basic auth, over self-signed HTTPS, behind a token
/// server; another instance of this registry), info shapes, system-admin only, and delete refused while in use.
/// </summary>
public sealed class RegistriesApiTests(RegistriesFactory factory) : IClassFixture<RegistriesFactory>
{
    private const string Registries = "/api/v2.0/registries";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UniqueName(string prefix = "reg") => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    private IRegistryEndpointMetadata Store => factory.Services.GetRequiredService<IRegistryEndpointMetadata>();

    private DistributionRegistry Distribution => factory.Distribution;

    private static async Task<long> CreateAsync(RegistryClient admin, object body)
    {
        using var response = await admin.Http.PostAsJsonAsync(Registries, body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Registries + "/", location, StringComparison.Ordinal);
        return long.Parse(location[(Registries.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static Task<long> CreateAsync(
        RegistryClient admin, string name, string url, string? secret = null, string type = RegistryEndpointTypes.DockerRegistry, string accessKey = "robot") =>
        CreateAsync(admin, new { name, type, url, description = "about " + name, credential = new { type = "basic", access_key = accessKey, access_secret = secret } });

    private static async Task<HttpResponseMessage> PingAsync(RegistryClient admin, object body) =>
        await admin.Http.PostAsJsonAsync($"{Registries}/ping", body, Ct);

    /// <summary>A loopback URL nothing listens on.</summary>
    private static string ClosedUrl() => $"http://127.0.0.1:{LoopbackPorts.PickFree()}";

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
        await using var watched = await HttpForwarder.StartAsync(Distribution.BaseAddress, Ct);
        var name = UniqueName();
        var id = await CreateAsync(
            admin,
            new { name, type = "harbor", url = watched.BaseAddress.ToString(), description = "dr site", insecure = true,
                  credential = new { type = "basic", access_key = "robot$dr", access_secret = "pa55-word" } });

        var json = await GetAsync(admin, id);

        Assert.Equal(id, (long)json["id"]!);
        Assert.Equal(name, (string?)json["name"]);
        Assert.Equal("harbor", (string?)json["type"]);
        Assert.Equal(watched.BaseAddress.ToString().TrimEnd('/'), (string?)json["url"]);
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
        Assert.Equal(new RegistryCredential("basic", "robot$dr", "pa55-word"), await StoredCredentialAsync(id));

        // Storing an endpoint contacts nothing: ping is its own call.
        Assert.Empty(watched.Requests);
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
        Assert.Equal("first-secret", (await StoredCredentialAsync(id)).AccessSecret);

        using var newSecret = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { access_key = "other", access_secret = "second-secret" }));
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        Assert.Equal(new RegistryCredential("basic", "other", "second-secret"), await StoredCredentialAsync(id));

        using var moved = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { url = "http://elsewhere.example" }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        json = await GetAsync(admin, id);
        Assert.Equal("http://elsewhere.example", (string?)json["url"]);
        Assert.False(json["credential"]!.AsObject().ContainsKey("access_secret"));
        Assert.Equal(string.Empty, (await StoredCredentialAsync(id)).AccessSecret);
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
    public async Task Ping_of_a_stored_endpoint_answers_by_the_registrys_word_and_records_it_as_the_status()
    {
        using var admin = factory.Admin();
        var url = Distribution.BaseAddress.ToString();
        var id = await CreateAsync(admin, UniqueName(), url, Distribution.Password, accessKey: Distribution.Username!);

        using (var healthy = await PingAsync(admin, new { id }))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        Assert.Equal("healthy", (string?)(await GetAsync(admin, id))["status"]);
        Assert.NotNull((await Store.GetRegistryEndpointAsync(id, Ct))!.LastPingTime);

        using (var wrongPassword = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { access_secret = "not-the-password" })))
        {
            Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        }

        using (var unhealthy = await PingAsync(admin, new { id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unhealthy.StatusCode);
            var message = await ErrorMessageAsync(unhealthy);
            Assert.StartsWith("the registry is unhealthy", message, StringComparison.Ordinal);
            Assert.Contains("refused the credential", message, StringComparison.Ordinal);
        }

        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, id))["status"]);

        using var unknown = await PingAsync(admin, new { id = 999999 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Ping_overrides_of_a_stored_endpoint_change_its_credential_but_never_its_url_nor_its_status()
    {
        using var admin = factory.Admin();
        await using var attacker = await HttpForwarder.StartAsync(Distribution.BaseAddress, Ct);
        var id = await CreateAsync(admin, UniqueName(), Distribution.BaseAddress.ToString(), Distribution.Password, accessKey: "not-the-user");
        using (var unhealthy = await PingAsync(admin, new { id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unhealthy.StatusCode);
        }

        // The stored secret with the key given here is right, at the stored URL; the URL given here is not used.
        using var overridden = await PingAsync(admin, new { id, url = attacker.BaseAddress.ToString(), access_key = Distribution.Username });
        using var otherSecret = await PingAsync(admin, new { id, access_key = Distribution.Username, access_secret = "wrong" });

        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherSecret.StatusCode);
        Assert.Empty(attacker.Requests);
        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, id))["status"]);
        Assert.Equal(new RegistryCredential("basic", "not-the-user", Distribution.Password), await StoredCredentialAsync(id));
    }

    [Fact]
    public async Task Ping_of_an_unsaved_endpoint_reaches_it_with_the_given_credential_and_stores_nothing()
    {
        using var admin = factory.Admin();
        var url = Distribution.BaseAddress.ToString();
        var before = (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total;

        using var healthy = await PingAsync(admin, new { type = "docker-registry", url, credential_type = "basic", access_key = Distribution.Username, access_secret = Distribution.Password });
        using var wrong = await PingAsync(admin, new { type = "docker-registry", url, credential_type = "basic", access_key = Distribution.Username, access_secret = "wrong" });
        using var anonymous = await PingAsync(admin, new { type = "docker-registry", url });
        using var noType = await PingAsync(admin, new { url });
        using var badType = await PingAsync(admin, new { type = "nexus", url });

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("the registry is unhealthy: the registry refused the credential", await ErrorMessageAsync(wrong));
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Equal(before, (await Store.ListRegistryEndpointsAsync(Storage.Metadata.Queries.ListQuery.All, Ct)).Total);
    }

    [Fact]
    public async Task A_registry_that_stops_turns_its_ping_from_healthy_to_unhealthy_naming_the_refused_connection()
    {
        using var admin = factory.Admin();
        await using var registry = new DistributionRegistry();
        await registry.StartAsync(Ct);
        var id = await CreateAsync(admin, UniqueName("down"), registry.BaseAddress.ToString());

        using (var up = await PingAsync(admin, new { id }))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        await registry.StopAsync();
        using var down = await PingAsync(admin, new { id });

        Assert.Equal(HttpStatusCode.BadRequest, down.StatusCode);
        var message = await ErrorMessageAsync(down);
        Assert.StartsWith("the registry is unhealthy", message, StringComparison.Ordinal);
        Assert.Contains("connection refused", message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, id))["status"]);
    }

    [Fact]
    public async Task An_artifact_keeper_endpoint_pings_another_instance_of_this_registry_with_its_credentials()
    {
        using var admin = factory.Admin();
        var peer = factory.Peer.BaseUrl.ToString();
        var id = await CreateAsync(admin, UniqueName("peer"), peer, RegistryFactory.AdminPassword, RegistryEndpointTypes.ArtifactKeeper, accessKey: "admin");

        using var stored = await PingAsync(admin, new { id });
        using var wrong = await PingAsync(admin, new { type = "artifact-keeper", url = peer, access_key = "admin", access_secret = "not-the-password" });

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("healthy", (string?)(await GetAsync(admin, id))["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.StartsWith("the registry is unhealthy", await ErrorMessageAsync(wrong), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harbor")]
    [InlineData("github-ghcr")]
    [InlineData("quay")]
    [InlineData("azure-acr")]
    [InlineData("docker-hub")]
    public async Task Bearer_token_types_ping_through_the_token_service_healthy_with_the_right_secret_only(string type)
    {
        using var admin = factory.Admin();
        var tokens = factory.Tokens.Tokens;

        // Docker Hub's endpoint has its fixed URL; its registry address is pointed at the token-auth docker-registry.
        var url = type == "docker-hub" ? null : factory.Tokens.Registry.BaseAddress.ToString();
        var before = tokens.Requests.Count;

        using var healthy = await PingAsync(admin, new { type, url, access_key = tokens.Username, access_secret = tokens.Password });
        using var wrong = await PingAsync(admin, new { type, url, access_key = tokens.Username, access_secret = "wrong" });

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.True(tokens.Requests.Count > before);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.StartsWith("the registry is unhealthy", await ErrorMessageAsync(wrong), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_and_google_endpoints_ping_healthy_through_their_own_credential_rules_and_unhealthy_with_a_wrong_secret()
    {
        using var admin = factory.Admin();
        var ecrUrl = $"http://123456789012.dkr.ecr.{HostedServiceStandIns.EcrRegion}.localhost:{factory.Ecr.Port}";
        var googleUrl = factory.Google.BaseAddress.ToString();
        var tokensBefore = factory.StandIns.EcrTokensIssued;

        using var ecr = await PingAsync(admin, new { type = "aws-ecr", url = ecrUrl, access_key = HostedServiceStandIns.EcrAccessKey, access_secret = factory.StandIns.EcrSecret });
        using var ecrWrong = await PingAsync(admin, new { type = "aws-ecr", url = ecrUrl, access_key = HostedServiceStandIns.EcrAccessKey, access_secret = "not-the-secret" });
        using var google = await PingAsync(admin, new { type = "google-gcr", url = googleUrl, access_key = "ignored", access_secret = HostedRegistryTypesFixture.GoogleJsonKey });
        using var googleWrong = await PingAsync(admin, new { type = "google-gcr", url = googleUrl, access_key = "ignored", access_secret = "{}" });

        Assert.Equal(HttpStatusCode.OK, ecr.StatusCode);
        Assert.True(factory.StandIns.EcrTokensIssued > tokensBefore);
        Assert.Equal(HttpStatusCode.BadRequest, ecrWrong.StatusCode);
        Assert.DoesNotContain("not-the-secret", await ErrorMessageAsync(ecrWrong), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, google.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, googleWrong.StatusCode);
    }

    [Fact]
    public async Task An_insecure_endpoint_accepts_a_self_signed_certificate_and_a_secure_one_refuses_it_saying_why()
    {
        using var admin = factory.Admin();
        var url = factory.TlsDistribution.BaseAddress.ToString();
        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        var secure = await CreateAsync(admin, new { name = UniqueName("tls"), type = "docker-registry", url, insecure = false });
        var insecure = await CreateAsync(admin, new { name = UniqueName("tls"), type = "docker-registry", url, insecure = true });

        using var refused = await PingAsync(admin, new { id = secure });
        using var accepted = await PingAsync(admin, new { id = insecure });
        using var unsavedRefused = await PingAsync(admin, new { type = "docker-registry", url });
        using var unsavedAccepted = await PingAsync(admin, new { type = "docker-registry", url, insecure = true });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = await ErrorMessageAsync(refused);
        Assert.StartsWith("the registry is unhealthy", message, StringComparison.Ordinal);
        Assert.Contains("TLS certificate is not trusted", message, StringComparison.Ordinal);
        Assert.Contains("insecure", message, StringComparison.Ordinal);
        Assert.Equal("unhealthy", (string?)(await GetAsync(admin, secure))["status"]);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("healthy", (string?)(await GetAsync(admin, insecure))["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, unsavedRefused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unsavedAccepted.StatusCode);

        // Marking the refused endpoint insecure is what makes it usable.
        using (var update = await admin.SendAsync(HttpMethod.Put, $"{Registries}/{secure}", JsonContent.Create(new { insecure = true })))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using var nowAccepted = await PingAsync(admin, new { id = secure });
        Assert.Equal(HttpStatusCode.OK, nowAccepted.StatusCode);
    }

    [Fact]
    public async Task The_secret_is_in_no_answer_no_audit_record_and_no_log_line_and_changes_are_audited()
    {
        using var admin = factory.Admin();
        var secret = "S3cret-" + Guid.NewGuid().ToString("N");
        var name = UniqueName("secret");
        var url = Distribution.BaseAddress.ToString();
        var bodies = new List<string>();

        async Task Keep(Task<HttpResponseMessage> call)
        {
            using var response = await call;
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            bodies.AddRange(response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
        }

        var id = await CreateAsync(admin, name, url, secret, accessKey: Distribution.Username!);
        await Keep(admin.GetAsync($"{Registries}/{id}"));
        await Keep(admin.GetAsync($"{Registries}?q=name%3D{name}"));
        await Keep(admin.SendAsync(HttpMethod.Put, $"{Registries}/{id}", JsonContent.Create(new { name = name + "-x", access_secret = secret + "2" })));
        await Keep(admin.Http.PostAsJsonAsync($"{Registries}/ping", new { id }, Ct));
        await Keep(admin.Http.PostAsJsonAsync($"{Registries}/ping", new { type = "harbor", url = ClosedUrl(), access_key = "k", access_secret = secret }, Ct));
        await Keep(admin.Http.PostAsJsonAsync($"{Registries}/ping", new { type = "github-ghcr", url = factory.Tokens.Registry.BaseAddress.ToString(), access_key = "k", access_secret = secret }, Ct));
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
        var plain = await CreateAsync(admin, UniqueName(), "https://quay.example", type: "quay");

        using var harborInfo = await admin.GetAsync($"{Registries}/{harbor}/info");
        using var plainInfo = await admin.GetAsync($"{Registries}/{plain}/info");
        using var missingInfo = await admin.GetAsync($"{Registries}/999999/info");
        using var adapters = await admin.GetAsync("/api/v2.0/replication/adapters");
        using var adapterInfos = await admin.GetAsync("/api/v2.0/replication/adapterinfos");

        var info = (await RegistryClient.JsonAsync(harborInfo)).AsObject();
        Assert.Equal("harbor", (string?)info["type"]);
        Assert.Equal("Harbor registry", (string?)info["description"]);
        Assert.Equal(["manual", "scheduled", "event_based"], info["supported_triggers"]!.AsArray().Select(t => (string)t!));
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
        var policy = UniqueName("nightly");
        long policyId;
        using (var created = await admin.SendAsync(
            HttpMethod.Post, "/api/v2.0/replication/policies",
            JsonContent.Create(new { name = policy, dest_registry = new { id }, trigger = new { type = "manual" }, enabled = true })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var location = created.Headers.Location!.ToString();
            policyId = long.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        }

        using var refused = await admin.DeleteAsync($"{Registries}/{id}");
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Contains($"replication policy '{policy}'", await ErrorMessageAsync(refused), StringComparison.Ordinal);
        await GetAsync(admin, id);

        using (var policyGone = await admin.DeleteAsync($"/api/v2.0/replication/policies/{policyId}"))
        {
            Assert.Equal(HttpStatusCode.OK, policyGone.StatusCode);
        }

        using var deleted = await admin.DeleteAsync($"{Registries}/{id}");
        using var again = await admin.DeleteAsync($"{Registries}/{id}");
        using var gone = await admin.GetAsync($"{Registries}/{id}");
        using var badId = await admin.GetAsync($"{Registries}/0");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    /// <summary>The credential as stored: the access key and the secret unsealed as the remote client unseals it.</summary>
    private async Task<RegistryCredential> StoredCredentialAsync(long id)
    {
        var stored = (await Store.GetRegistryEndpointAsync(id, Ct))!;
        var secret = stored.SealedSecret.Length == 0
            ? string.Empty
            : await factory.Services.GetRequiredService<RegistryCredentialProtector>().UnprotectAsync(stored.SealedSecret, stored.Endpoint.Name, Ct);
        return new RegistryCredential(stored.Endpoint.CredentialType, stored.Endpoint.AccessKey, secret);
    }
}
