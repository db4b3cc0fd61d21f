using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// The vulnerability database imported through a gateway of the cluster: the gateway holds no database, so it checks
/// the artifact and records the request, and the silos follow it; a scan asked of the other gateway then finds what
/// only the imported database knows.
/// </summary>
public sealed partial class LocalClusterTests
{
    private const string ReportMimeType = "application/vnd.security.vulnerability.report; version=1.1";
    private static readonly TimeSpan FollowLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_database_imported_as_an_artifact_through_gateway_A_is_used_by_scans_asked_of_gateway_B()
    {
        using var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials);
        using var b = new RegistryHttpClient(cluster.Gateways[1], cluster.AdminCredentials);
        var id = "GHSA-cluster-" + Guid.NewGuid().ToString("N")[..8];
        var package = "left-pad-" + Guid.NewGuid().ToString("N")[..8];
        var database = Names.Repository("cluster-osv");
        var sbom = Names.Repository("cluster-sbom");

        // Nothing on the silos knows this package: the record exists only in the artifact.
        await PushArtifactAsync(a, database, "db", "application/vnd.artifactkeeper.osv.database.v1+zip", Zip(
            $"npm/{id}.json",
            $$"""{"id":"{{id}}","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"{{package}}"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"2.0.0"}]}]}]}"""));
        await PushArtifactAsync(b, sbom, "sbom", "application/vnd.cyclonedx+json", Encoding.UTF8.GetBytes(
            $$"""{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"{{package}}","version":"1.0.0","purl":"pkg:npm/{{package}}@1.0.0"}]}"""));

        // A bad import is refused by the gateway and changes nothing.
        using (var refused = await a.Http.PostAsJsonAsync(new Uri("api/v2.0/system/scanner/database/import", UriKind.Relative), new { artifact = sbom + ":sbom" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var imported = await a.Http.PostAsJsonAsync(new Uri("api/v2.0/system/scanner/database/import", UriKind.Relative), new { artifact = database + ":db" }, Ct))
        {
            var text = await imported.Content.ReadAsStringAsync(Ct);
            Assert.True(imported.StatusCode == HttpStatusCode.Accepted, text);
            Assert.Equal(1, (int?)JsonNode.Parse(text)!["record_count"]);
        }

        using (var shown = await b.GetAsync("api/v2.0/system/scanner/database", Ct))
        {
            var text = await shown.Content.ReadAsStringAsync(Ct);
            Assert.True(shown.StatusCode == HttpStatusCode.OK, text);
            Assert.StartsWith("artifact " + database + "@sha256:", (string?)JsonNode.Parse(text)!["source"], StringComparison.Ordinal);
        }

        // The silos follow within their poll interval; a scan made before that finds nothing and a later one is not cached.
        var deadline = DateTimeOffset.UtcNow + FollowLimit;
        JsonNode? report = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            report = await ScanAsync(b, sbom, "sbom", deadline);
            if (report["vulnerabilities"]!.AsArray().Count > 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        }

        var finding = Assert.Single(report!["vulnerabilities"]!.AsArray());
        Assert.Equal(id, (string?)finding!["id"]);
        Assert.Equal(package, (string?)finding["package"]);
        Assert.Equal("2.0.0", (string?)finding["fix_version"]);
    }

    private static async Task PushArtifactAsync(RegistryHttpClient client, string repository, string tag, string type, byte[] content)
    {
        var config = OciBlob.Of("application/vnd.oci.empty.v1+json", "{}"u8.ToArray());
        var layer = OciBlob.Of(type, content);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = type,
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(layer.Descriptor.ToJson()),
        };
        await client.PushBlobAsync(repository, config, Ct);
        await client.PushBlobAsync(repository, layer, Ct);
        using var put = await client.PutManifestAsync(repository, tag, OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString())), Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    /// <summary>Asks for a scan, waits for it to succeed, and answers its vulnerability report.</summary>
    private static async Task<JsonNode> ScanAsync(RegistryHttpClient client, string repository, string reference, DateTimeOffset deadline)
    {
        var (project, name) = (repository.Split('/', 2)[0], Uri.EscapeDataString(repository.Split('/', 2)[1]));
        var artifact = $"api/v2.0/projects/{project}/repositories/{name}/artifacts/{reference}";
        using (var scan = await client.Http.PostAsync(new Uri(artifact + "/scan", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        }

        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await client.GetAsync(artifact + "?with_scan_overview=true", Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            var status = (string?)JsonNode.Parse(text)?["scan_overview"]?[ReportMimeType]?["scan_status"];
            Assert.NotEqual("Error", status);
            if (status == "Success")
            {
                using var vulnerabilities = await client.GetAsync(artifact + "/additions/vulnerabilities", Ct);
                return JsonNode.Parse(await vulnerabilities.Content.ReadAsStringAsync(Ct))![ReportMimeType]!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
        }

        Assert.Fail($"the scan of {repository}:{reference} did not finish");
        return null!;
    }

    private static byte[] Zip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry(name).Open())
        {
            entry.Write(Encoding.UTF8.GetBytes(content));
        }

        return buffer.ToArray();
    }
}
