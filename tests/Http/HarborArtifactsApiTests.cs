using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's artifact API: list with q/sort/paging, read by tag or digest, delete, copy, references, accessories, additions.</summary>
public sealed class HarborArtifactsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private async Task<(RegistryClient Admin, string Project)> ProjectAsync()
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        return (admin, project);
    }

    private static string Q(string q) => "q=" + Uri.EscapeDataString(q);

    [Fact]
    public async Task Get_by_tag_and_digest_returns_Harbor_artifact_shape()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        var config = """{"architecture":"arm64","os":"linux","author":"me","created":"2025-01-02T03:04:05Z","config":{"Env":["A=1"]},"history":[{"created_by":"RUN x"}]}""";
        var image = await admin.PushImageAsync(repository, "v1", configText: config);
        await admin.PushManifestAsync(repository, "latest", image.Manifest, image.MediaType);

        var byTag = await HarborArtifacts.GetJsonAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}/v1");
        var byDigest = await HarborArtifacts.GetJsonAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}/{image.Digest}");

        Assert.Equal(byTag.ToJsonString(), byDigest.ToJsonString());
        Assert.Equal("IMAGE", byTag["type"]!.GetValue<string>());
        Assert.Equal(Manifests.OciConfig, byTag["media_type"]!.GetValue<string>());
        Assert.Equal(Manifests.OciManifest, byTag["manifest_media_type"]!.GetValue<string>());
        Assert.Equal(image.Digest, byTag["digest"]!.GetValue<string>());
        Assert.Equal(repository, byTag["repository_name"]!.GetValue<string>());
        Assert.Equal(image.Manifest.Length + Encoding.UTF8.GetByteCount(config) + image.Layer.Length, byTag["size"]!.GetValue<long>());
        var extra = byTag["extra_attrs"]!;
        Assert.Equal("arm64", extra["architecture"]!.GetValue<string>());
        Assert.Equal("linux", extra["os"]!.GetValue<string>());
        Assert.Equal("me", extra["author"]!.GetValue<string>());
        Assert.Equal("A=1", extra["config"]!["Env"]![0]!.GetValue<string>());
        Assert.Null(extra["history"]);
        Assert.Equal(["latest", "v1"], HarborArtifacts.Strings(byTag["tags"]!, "name").Order(StringComparer.Ordinal));
        var tag = byTag["tags"]![0]!;
        Assert.Equal(byTag["id"]!.GetValue<long>(), tag["artifact_id"]!.GetValue<long>());
        Assert.Equal(byTag["repository_id"]!.GetValue<long>(), tag["repository_id"]!.GetValue<long>());
        Assert.False(tag["immutable"]!.GetValue<bool>());
        var link = byTag["addition_links"]!["build_history"]!;
        Assert.Equal($"/api/v2.0/projects/{project}/repositories/app/artifacts/{image.Digest}/additions/build_history", link["href"]!.GetValue<string>());
        Assert.False(link["absolute"]!.GetValue<bool>());
        Assert.Null(byTag["labels"]);
        Assert.Null(byTag["accessories"]);

        var history = await HarborArtifacts.GetJsonAsync(admin, link["href"]!.GetValue<string>());
        Assert.Equal("RUN x", history[0]!["created_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_filters_tagged_untagged_and_type_sorts_and_pages()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        var untagged = await admin.PushImageAsync(repository, tag: null);
        var first = await admin.PushImageAsync(repository, "a");
        var second = await admin.PushImageAsync(repository, "b");
        var path = HarborArtifacts.ArtifactsPath(repository);

        using var all = await admin.GetAsync($"{path}?page_size=2&sort=-push_time");
        OciAssert.Status(all, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(all, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(all, "Link"), StringComparison.Ordinal);
        var page1 = HarborArtifacts.Strings(await RegistryClient.JsonAsync(all), "digest");
        var page2 = HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, $"{path}?page_size=2&page=2&sort=-push_time"), "digest");
        Assert.Equal(3, page1.Concat(page2).Distinct().Count());
        Assert.Equal(untagged.Digest, page2.Single());

        Assert.Equal([untagged.Digest], HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("tags=nil")}"), "digest"));
        Assert.Equal(
            new[] { first.Digest, second.Digest }.Order(StringComparer.Ordinal),
            HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("tags=*")}"), "digest").Order(StringComparer.Ordinal));
        Assert.Equal([second.Digest], HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("tags=b")}"), "digest"));
        Assert.Equal([first.Digest], HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q($"digest={first.Digest}")}"), "digest"));
        Assert.Equal(3, (await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("type=IMAGE")}")).AsArray().Count);
        // q is URL-decoded once more (as Harbor does), so a "+" must arrive as %2B.
        Assert.Equal(3, (await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q($"media_type={Uri.EscapeDataString(Manifests.OciConfig)}")}")).AsArray().Count);
        Assert.Empty((await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("type=CHART")}")).AsArray());
        Assert.Empty((await HarborArtifacts.GetJsonAsync(admin, $"{path}?{Q("labels=(1 2)")}")).AsArray());
        var untaggedView = await HarborArtifacts.GetJsonAsync(admin, $"{path}?with_tag=false&with_label=true&with_accessory=true");
        Assert.All(untaggedView.AsArray(), a => Assert.Null(a!["tags"]));
        Assert.All(untaggedView.AsArray(), a => Assert.Empty(a!["labels"]!.AsArray()));
        Assert.All(untaggedView.AsArray(), a => Assert.Empty(a!["accessories"]!.AsArray()));
    }

    [Fact]
    public async Task Index_lists_references_with_platforms_and_hides_children()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/multi";
        var amd = await admin.PushImageAsync(repository, tag: null);
        var arm = await admin.PushImageAsync(repository, tag: null);
        var amdDescriptor = Manifests.Descriptor(Manifests.OciManifest, amd.Manifest);
        amdDescriptor["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        var armDescriptor = Manifests.Descriptor(Manifests.OciManifest, arm.Manifest);
        armDescriptor["platform"] = new JsonObject { ["architecture"] = "arm64", ["os"] = "linux", ["variant"] = "v8" };
        var index = Manifests.Index([amdDescriptor, armDescriptor]);
        var indexDigest = await admin.PushManifestAsync(repository, "v1", index, Manifests.OciIndex);

        var listing = await HarborArtifacts.GetJsonAsync(admin, HarborArtifacts.ArtifactsPath(repository));
        var withChildren = await HarborArtifacts.GetJsonAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}?{Q("base=*")}");
        var references = await HarborArtifacts.GetJsonAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}/v1/references");

        var artifact = listing.AsArray().Single()!;
        Assert.Equal(indexDigest, artifact["digest"]!.GetValue<string>());
        Assert.Equal("IMAGE", artifact["type"]!.GetValue<string>());
        Assert.Equal(Manifests.OciIndex, artifact["media_type"]!.GetValue<string>());
        Assert.Empty(artifact["addition_links"]!.AsObject());
        Assert.Equal(3, withChildren.AsArray().Count);
        Assert.Equal([amd.Digest, arm.Digest], HarborArtifacts.Strings(artifact["references"]!, "child_digest"));
        Assert.Equal("v8", artifact["references"]![1]!["platform"]!["variant"]!.GetValue<string>());
        Assert.Equal(artifact["id"]!.GetValue<long>(), references[0]!["parent_id"]!.GetValue<long>());
        Assert.True(references[0]!["child_id"]!.GetValue<long>() > 0);
        Assert.True(artifact["size"]!.GetValue<long>() > index.Length + amd.Manifest.Length + arm.Manifest.Length);
        var repo = await HarborArtifacts.GetJsonAsync(admin, HarborArtifacts.RepositoryPath(repository));
        Assert.Equal(1, repo["artifact_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Accessories_are_referrers_typed_by_artifact_type_and_hidden_from_the_list()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/signed";
        var image = await admin.PushImageAsync(repository, "v1");
        await admin.PushBlobAsync(repository, Manifests.EmptyJson);
        var payload = Encoding.UTF8.GetBytes("signature");
        await admin.PushBlobAsync(repository, payload);
        var signature = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor("application/vnd.cncf.notary.signature", payload)],
            artifactType: "application/vnd.cncf.notary.signature",
            subject: Manifests.Descriptor(Manifests.OciManifest, image.Manifest));
        var signatureDigest = await admin.PushManifestAsync(repository, Manifests.Digest(signature), signature, Manifests.OciManifest);
        var sbom = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor("text/spdx", payload)],
            artifactType: "application/spdx+json",
            subject: Manifests.Descriptor(Manifests.OciManifest, image.Manifest));
        var sbomDigest = await admin.PushManifestAsync(repository, Manifests.Digest(sbom), sbom, Manifests.OciManifest);
        var path = HarborArtifacts.ArtifactsPath(repository);

        var accessories = await HarborArtifacts.GetJsonAsync(admin, $"{path}/v1/accessories");
        var listing = await HarborArtifacts.GetJsonAsync(admin, $"{path}?with_accessory=true");

        var byDigest = accessories.AsArray().ToDictionary(a => a!["digest"]!.GetValue<string>(), a => a!);
        Assert.Equal("signature.notation", byDigest[signatureDigest]["type"]!.GetValue<string>());
        Assert.Equal("subject.accessory", byDigest[sbomDigest]["type"]!.GetValue<string>());
        Assert.Equal(image.Digest, byDigest[signatureDigest]["subject_artifact_digest"]!.GetValue<string>());
        Assert.Equal(signature.Length + Manifests.EmptyJson.Length + payload.Length, byDigest[signatureDigest]["size"]!.GetValue<long>());
        var only = listing.AsArray().Single()!;
        Assert.Equal(image.Digest, only["digest"]!.GetValue<string>());
        Assert.Equal(2, only["accessories"]!.AsArray().Count);
        Assert.Equal(only["id"]!.GetValue<long>(), byDigest[sbomDigest]["subject_artifact_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Chart_additions_come_from_the_chart_layer_and_missing_ones_are_404()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/charts/demo";
        var files = new Dictionary<string, string>
        {
            ["Chart.yaml"] = "apiVersion: v2\nname: demo\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 17.0.0\n    repository: https://charts.example\n",
            ["values.yaml"] = "replicas: 2\n",
            ["README.md"] = "# Demo\n",
            ["templates/values.yaml"] = "not: this\n",
        };
        var digest = await HarborArtifacts.PushChartAsync(admin, repository, "0.1.0", files);
        var path = $"{HarborArtifacts.ArtifactsPath(repository)}/0.1.0";

        var artifact = await HarborArtifacts.GetJsonAsync(admin, path);
        using var values = await admin.GetAsync($"{path}/additions/values.yaml");
        using var readme = await admin.GetAsync($"{path}/additions/readme.md");
        var dependencies = await HarborArtifacts.GetJsonAsync(admin, $"{path}/additions/dependencies");
        using var history = await admin.GetAsync($"{path}/additions/build_history");
        using var unknown = await admin.GetAsync($"{path}/additions/nothing");

        Assert.Equal("CHART", artifact["type"]!.GetValue<string>());
        Assert.Equal("demo", artifact["extra_attrs"]!["name"]!.GetValue<string>());
        Assert.Equal(["dependencies", "readme.md", "values.yaml"], artifact["addition_links"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("replicas: 2\n", await values.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("# Demo\n", await readme.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("redis", dependencies[0]!["name"]!.GetValue<string>());
        Assert.Equal("https://charts.example", dependencies[0]!["repository"]!.GetValue<string>());
        await OciAssert.ErrorAsync(history, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_by_tag_removes_the_manifest_and_all_its_tags()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        var image = await admin.PushImageAsync(repository, "v1");
        await admin.PushManifestAsync(repository, "v2", image.Manifest, image.MediaType);
        var keep = await admin.PushImageAsync(repository, "keep");

        using var response = await admin.DeleteAsync($"{HarborArtifacts.ArtifactsPath(repository)}/v1");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(["keep"], await admin.TagsAsync(repository));
        using var manifest = await admin.GetAsync($"/v2/{repository}/manifests/{image.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        using var again = await admin.DeleteAsync($"{HarborArtifacts.ArtifactsPath(repository)}/{image.Digest}");
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
        var audit = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?{Q($"resource={repository}@{image.Digest}")}");
        Assert.Contains($"admin delete artifact {repository}@{image.Digest}", audit);
        Assert.Equal(keep.Digest, (await HarborArtifacts.GetJsonAsync(admin, HarborArtifacts.ArtifactsPath(repository)))[0]!["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Copy_links_blobs_puts_the_manifest_with_its_tags_and_answers_201()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var target = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, target, isPublic: false);
        var source = $"{project}/src";
        var image = await admin.PushImageAsync(source, "v1");

        using var response = await admin.SendAsync(
            HttpMethod.Post, $"/api/v2.0/projects/{target}/repositories/copy%252Fdst/artifacts?from={Uri.EscapeDataString(source + ":v1")}");

        OciAssert.Status(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v2.0/projects/{target}/repositories/copy%252Fdst/artifacts/{image.Digest}", response.Headers.Location!.ToString());
        Assert.Equal(["v1"], await admin.TagsAsync($"{target}/copy/dst"));
        using var layer = await admin.GetAsync($"/v2/{target}/copy/dst/blobs/{image.LayerDigest}");
        OciAssert.Status(layer, HttpStatusCode.OK);
        var audit = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?{Q($"resource={target}/copy/dst:v1")}");
        Assert.Contains($"admin create artifact {target}/copy/dst:v1", audit);

        using var byDigest = await admin.SendAsync(
            HttpMethod.Post, $"{HarborArtifacts.ArtifactsPath($"{target}/second")}?from={Uri.EscapeDataString($"{source}@{image.Digest}")}");
        OciAssert.Status(byDigest, HttpStatusCode.Created);
        Assert.Equal(["v1"], await admin.TagsAsync($"{target}/second"));
    }

    [Fact]
    public async Task Copy_with_bad_or_unknown_source_changes_nothing()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var source = $"{project}/src";
        await admin.PushImageAsync(source, "v1");
        var path = HarborArtifacts.ArtifactsPath($"{project}/dst");

        using var missingFrom = await admin.SendAsync(HttpMethod.Post, path);
        using var badFrom = await admin.SendAsync(HttpMethod.Post, $"{path}?from=nonsense");
        using var badDigest = await admin.SendAsync(HttpMethod.Post, $"{path}?from={Uri.EscapeDataString(source + "@sha256:xyz")}");
        using var unknownTag = await admin.SendAsync(HttpMethod.Post, $"{path}?from={Uri.EscapeDataString(source + ":nope")}");
        using var unknownProject = await admin.SendAsync(HttpMethod.Post, $"{path}?from={Uri.EscapeDataString(HarborProjects.NewName() + "/x:v1")}");

        await OciAssert.ErrorAsync(missingFrom, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badFrom, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badDigest, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(unknownTag, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(unknownProject, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Null(await admin.TagsAsync($"{project}/dst"));
    }

    [Fact]
    public async Task Tags_are_listed_created_once_and_deleted()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        var image = await admin.PushImageAsync(repository, "v1");
        var other = await admin.PushImageAsync(repository, "other");
        var tags = $"{HarborArtifacts.ArtifactsPath(repository)}/v1/tags";

        using var created = await admin.SendAsync(HttpMethod.Post, tags, JsonContent.Create(new { name = "v2" }));
        using var duplicate = await admin.SendAsync(HttpMethod.Post, tags, JsonContent.Create(new { name = "other" }));
        using var invalid = await admin.SendAsync(HttpMethod.Post, tags, JsonContent.Create(new { name = "-bad" }));
        using var malformed = await admin.SendAsync(HttpMethod.Post, tags, HarborProjects.Json("{\"name\":1}"));

        OciAssert.Status(created, HttpStatusCode.Created);
        Assert.EndsWith($"/artifacts/{image.Digest}/tags/v2", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        await OciAssert.ErrorAsync(duplicate, HttpStatusCode.Conflict, "CONFLICT");
        await OciAssert.ErrorAsync(invalid, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(malformed, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(["other", "v1", "v2"], await admin.TagsAsync(repository));
        using var pulled = await admin.GetAsync($"/v2/{repository}/manifests/other");
        Assert.Equal(other.Digest, OciAssert.Header(pulled, "Docker-Content-Digest"));

        var listed = await HarborArtifacts.GetJsonAsync(admin, $"{tags}?sort=name");
        Assert.Equal(["v1", "v2"], HarborArtifacts.Strings(listed, "name"));
        var fuzzy = await HarborArtifacts.GetJsonAsync(admin, $"{tags}?{Q("name=~2")}");
        Assert.Equal(["v2"], HarborArtifacts.Strings(fuzzy, "name"));

        using var deleted = await admin.DeleteAsync($"{tags}/v2");
        using var notOnThisArtifact = await admin.DeleteAsync($"{tags}/other");
        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(notOnThisArtifact, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(["other", "v1"], await admin.TagsAsync(repository));
        var audit = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?{Q($"resource={repository}:v2")}");
        Assert.Contains($"admin create tag {repository}:v2", audit);
        Assert.Contains($"admin delete tag {repository}:v2", audit);
    }

    [Fact]
    public async Task Unknown_references_are_404_and_bad_input_is_400()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        await admin.PushImageAsync(repository, "v1");
        var path = HarborArtifacts.ArtifactsPath(repository);

        using var unknownTag = await admin.GetAsync($"{path}/nope");
        using var unknownDigest = await admin.GetAsync($"{path}/sha256:{new string('0', 64)}");
        using var badDigest = await admin.GetAsync($"{path}/sha256:zz");
        using var unknownRepository = await admin.GetAsync(HarborArtifacts.ArtifactsPath($"{project}/missing"));
        using var badPage = await admin.GetAsync($"{path}?page_size=101");
        using var badQuery = await admin.GetAsync($"{path}?{Q("tags")}");
        using var badFlag = await admin.GetAsync($"{path}?with_tag=maybe");

        await OciAssert.ErrorAsync(unknownTag, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(unknownDigest, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(badDigest, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(unknownRepository, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(badPage, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badQuery, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badFlag, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
