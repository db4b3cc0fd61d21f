using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Bench;

/// <summary>
/// Vulnerability-scanning benchmark steps (bench/scan.sh): images whose packages match a few Debian 12 OSV records
/// (the records bench/scan.sh writes), a scan through Harbor's API followed to its end, and a scan-all followed to
/// its end. Layers are uncompressed tars with the config's diff_ids set, as a real image has them.
/// </summary>
internal static class ScanBench
{
    /// <summary>Packages of the small OS layer: versions below the fixes in bench/scan.sh's OSV records, so each matches.</summary>
    private const string VulnerablePackages = """
        Package: curl
        Status: install ok installed
        Architecture: amd64
        Version: 7.88.1-10+deb12u1

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl
        Version: 3.0.11-1~deb12u1

        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Source: zlib
        Version: 1:1.2.11.dfsg-4

        """;

    private const string OsRelease = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        ID=debian

        """;

    /// <summary>
    /// One image: a data layer of <paramref name="mib"/> MiB of random (incompressible) bytes in <paramref name="files"/>
    /// files, written to a temporary file under <paramref name="work"/> and streamed to the registry, and the small OS
    /// layer on top. Prints the manifest digest.
    /// </summary>
    public static async Task PushBigImageAsync(RegistryApi api, string repository, string tag, int mib, int files, string work, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, "data-layer.tar");
        var totalBytes = (long)mib * 1024 * 1024;
        var perFile = (int)(totalBytes / files);
        await using (var output = File.Create(path))
        await using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var buffer = new byte[perFile];
            for (var i = 0; i < files; i++)
            {
                RandomNumberGenerator.Fill(buffer);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, string.Create(CultureInfo.InvariantCulture, $"opt/data/{i / 100:D4}/blob-{i:D6}.bin"))
                {
                    DataStream = new MemoryStream(buffer, writable: false),
                };
                await writer.WriteEntryAsync(entry, cancellationToken);
            }
        }

        string dataDigest;
        long dataSize;
        await using (var read = File.OpenRead(path))
        {
            dataDigest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));
            dataSize = read.Length;
        }

        await using (var upload = File.OpenRead(path))
        {
            await api.PushStreamAsync(repository, upload, dataDigest, cancellationToken);
        }

        File.Delete(path);
        var os = OsLayer(VulnerablePackages);
        var osDigest = RegistryApi.DigestOf(os);
        await api.PushMonolithicAsync(repository, os, osDigest, cancellationToken);
        var digest = await PushManifestAsync(api, repository, tag, [(dataDigest, dataSize), (osDigest, os.Length)], cancellationToken);
        Console.WriteLine("digest=" + digest);
        Console.WriteLine("layer_bytes=" + dataSize.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// <paramref name="images"/> small images tagged i0..: each one OS layer whose dpkg status holds the vulnerable
    /// packages plus one package of its own, so every image (and every layer) has its own digest.
    /// </summary>
    public static async Task SeedSmallImagesAsync(RegistryApi api, string repository, int images, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, images), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var own = string.Create(CultureInfo.InvariantCulture, $"Package: bench-{i}\nStatus: install ok installed\nArchitecture: all\nVersion: 1.0.{i}\n\n");
            var layer = OsLayer(VulnerablePackages + own);
            var layerDigest = RegistryApi.DigestOf(layer);
            await api.PushMonolithicAsync(repository, layer, layerDigest, token);
            await PushManifestAsync(api, repository, "i" + i.ToString(CultureInfo.InvariantCulture), [(layerDigest, layer.Length)], token);
        });
        Console.WriteLine("images=" + images.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// POST .../artifacts/{reference}/scan, then polls the artifact's scan_overview until the scan ends; prints its
    /// status, severity, finding count and the scan's own start-to-end time (from start_time and end_time).
    /// </summary>
    public static async Task ScanAsync(HttpClient http, string project, string repository, string reference, CancellationToken cancellationToken)
    {
        var artifact = $"api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString(repository))}/artifacts/{reference}";
        var requested = Stopwatch.StartNew();
        using (var scan = await http.PostAsync(new Uri(artifact + "/scan", UriKind.Relative), null, cancellationToken))
        {
            await ExpectAsync(scan, HttpStatusCode.Accepted, cancellationToken);
        }

        while (true)
        {
            await Task.Delay(100, cancellationToken);
            using var response = await http.GetAsync(new Uri(artifact + "?with_scan_overview=true", UriKind.Relative), cancellationToken);
            await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!document.RootElement.TryGetProperty("scan_overview", out var overviews))
            {
                continue;
            }

            var overview = overviews.EnumerateObject().First().Value;
            var status = overview.GetProperty("scan_status").GetString();
            if (status is "Pending" or "Running" or "Scheduled")
            {
                continue;
            }

            var wall = requested.Elapsed;
            var start = overview.GetProperty("start_time").GetDateTime();
            var end = overview.TryGetProperty("end_time", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTime() : (DateTime?)null;
            var total = overview.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetProperty("total").GetInt32() : 0;
            Console.WriteLine("status=" + status);
            Console.WriteLine("severity=" + (overview.TryGetProperty("severity", out var sev) ? sev.GetString() : string.Empty));
            Console.WriteLine("findings=" + total.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("scan_ms=" + (end is { } ended ? ((long)(ended - start).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "n/a"));
            Console.WriteLine("request_to_seen_ms=" + ((long)wall.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            return;
        }
    }

    /// <summary>
    /// POST /system/scanAll/schedule {"schedule":{"type":"Manual"}}, then polls /scans/all/metrics until the pass is no
    /// longer ongoing and completed == total; prints the wall time (request to the poll that saw the end) and the rate.
    /// </summary>
    public static async Task ScanAllAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        using (var body = new StringContent("""{"schedule":{"type":"Manual"}}""", Encoding.UTF8, "application/json"))
        using (var kick = await http.PostAsync(new Uri("api/v2.0/system/scanAll/schedule", UriKind.Relative), body, cancellationToken))
        {
            await ExpectAsync(kick, HttpStatusCode.Created, cancellationToken);
        }

        while (true)
        {
            await Task.Delay(250, cancellationToken);
            using var response = await http.GetAsync(new Uri("api/v2.0/scans/all/metrics", UriKind.Relative), cancellationToken);
            await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var total = root.GetProperty("total").GetInt32();
            var completed = root.GetProperty("completed").GetInt32();
            if (root.GetProperty("ongoing").GetBoolean() || total == 0 || completed < total)
            {
                continue;
            }

            var seconds = started.Elapsed.TotalSeconds;
            Console.WriteLine("total=" + total.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("completed=" + completed.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("metrics=" + root.GetProperty("metrics").GetRawText().Replace('\n', ' '));
            Console.WriteLine("wall_ms=" + ((long)(seconds * 1000)).ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("images_per_sec=" + (completed / seconds).ToString("F1", CultureInfo.InvariantCulture));
            return;
        }
    }

    /// <summary>A tar with etc/os-release and var/lib/dpkg/status.</summary>
    private static byte[] OsLayer(string dpkgStatus)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("etc/os-release", OsRelease), ("var/lib/dpkg/status", dpkgStatus) })
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return output.ToArray();
    }

    /// <summary>Config (diff_ids = the uncompressed layers' digests) and manifest; returns the manifest digest.</summary>
    private static async Task<string> PushManifestAsync(
        RegistryApi api, string repository, string tag, IReadOnlyList<(string Digest, long Size)> layers, CancellationToken cancellationToken)
    {
        var diffIds = string.Join(',', layers.Select(l => "\"" + l.Digest + "\""));
        var config = Encoding.UTF8.GetBytes(
            $$$"""{"architecture":"amd64","os":"linux","nonce":"{{{Guid.NewGuid():N}}}","rootfs":{"type":"layers","diff_ids":[{{{diffIds}}}]}}""");
        var configDigest = RegistryApi.DigestOf(config);
        await api.PushMonolithicAsync(repository, config, configDigest, cancellationToken);
        var manifest = RegistryApi.Manifest(configDigest, config.Length, layers);
        await api.PutManifestAsync(repository, tag, manifest, cancellationToken);
        return RegistryApi.DigestOf(manifest);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} -> {(int)response.StatusCode}, expected {(int)expected}: {body}"));
        }
    }
}
