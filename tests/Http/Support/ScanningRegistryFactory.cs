using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A registry whose built-in scanner loads a one-record OSV database (a real OSV document: curl in Debian 12, fixed in
/// 7.88.1-10+deb12u4, CVSS 9.8), and helpers to push small Debian images it finds that record in.
/// </summary>
public class ScanningRegistryFactory : RegistryFactory
{
    public const string CurlAdvisory = "DEBIAN-CVE-2023-38545";
    public const string ReportMimeType = "application/vnd.security.vulnerability.report; version=1.1";

    public const string CurlRecord = """
        {
          "id": "DEBIAN-CVE-2023-38545",
          "modified": "2023-10-11T00:00:00Z",
          "aliases": ["CVE-2023-38545"],
          "summary": "SOCKS5 heap buffer overflow",
          "details": "curl could overflow a heap buffer in the SOCKS5 proxy handshake.",
          "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
          "affected": [{
            "package": {"ecosystem": "Debian:12", "name": "curl"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.88.1-10+deb12u4"}]}]
          }],
          "references": [{"type": "ADVISORY", "url": "https://security-tracker.debian.org/tracker/CVE-2023-38545"}]
        }
        """;

    /// <summary>The folder <c>ArtifactKeeper:Scanning:OsvDatabasePath</c> names.</summary>
    public string OsvFolder => Path.Combine(DataPath, "osv-test");

    protected override IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            var osv = OsvFolder;
            Directory.CreateDirectory(osv);
            File.WriteAllText(Path.Combine(osv, "DEBIAN-CVE-2023-38545.json"), CurlRecord);
            return [new("ArtifactKeeper:Scanning:OsvDatabasePath", osv)];
        }
    }

    /// <summary>Pushes a Debian 12 image with curl 7.88.1-10+deb12u1 and bash installed; unique per call.</summary>
    public static async Task<string> PushDebianAsync(RegistryClient client, string repository, string? tag = null) =>
        (await PushDebianImageAsync(client, repository, tag, ("curl", "7.88.1-10+deb12u1"), ("bash", "5.2.15-2+b2"))).Digest;

    /// <summary>Pushes a Debian 12 image whose dpkg status lists <paramref name="packages"/> as installed; unique per call.</summary>
    public static async Task<PushedImage> PushDebianImageAsync(
        RegistryClient client, string repository, string? tag, params (string Package, string Version)[] packages)
    {
        ArgumentNullException.ThrowIfNull(client);
        var status = string.Concat(packages.Select(p => $"Package: {p.Package}\nStatus: install ok installed\nVersion: {p.Version}\n\n"));
        var layer = Layer(
            ("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            ("var/lib/dpkg/status", status),
            ("marker", Guid.NewGuid().ToString()));
        var diffId = Manifests.Digest(Gunzip(layer));
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        }.ToJsonString());
        var configDigest = await client.PushBlobAsync(repository, config);
        var layerDigest = await client.PushBlobAsync(repository, layer);
        var manifest = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [Manifests.Descriptor(Manifests.OciLayer, layer)], Manifests.OciManifest);
        var digest = await client.PushManifestAsync(repository, tag ?? Manifests.Digest(manifest), manifest, Manifests.OciManifest);
        return new PushedImage(repository, tag, digest, manifest, Manifests.OciManifest, configDigest, layerDigest, layer, config);
    }

    public static string ArtifactPath(string project, string repository, string reference) =>
        $"/api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(repository)}/artifacts/{reference}";

    /// <summary>The artifact's scan overview entry once its scan has finished (any status but Pending and Running).</summary>
    public static async Task<JsonNode> FinishedOverviewAsync(RegistryClient client, string project, string repository, string reference)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var artifact = await HarborArtifacts.GetJsonAsync(client, ArtifactPath(project, repository, reference) + "?with_scan_overview=true");
            if (artifact["scan_overview"]?[ReportMimeType] is { } overview &&
                overview["scan_status"]!.GetValue<string>() is not ("Pending" or "Running"))
            {
                return overview;
            }

            Assert.True(DateTime.UtcNow < deadline, "the scan did not finish within a minute");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static void Status(HttpResponseMessage response, HttpStatusCode expected) => OciAssert.Status(response, expected);

    private static byte[] Layer(params (string Path, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
