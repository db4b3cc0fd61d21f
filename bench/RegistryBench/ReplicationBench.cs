using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace ArtifactKeeper.Bench;

/// <summary>
/// Replication and proxy-cache benchmark steps (bench/replication.sh): images that share base layers, and timed pulls of
/// them (manifest, then config and layers, bytes counted and discarded) from any registry.
/// Image i lives in <c>&lt;prefix&gt;-&lt;i mod repos&gt;</c> under tag <c>i&lt;i&gt;</c>.
/// </summary>
internal static class ReplicationBench
{
    private const string AcceptManifests = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";

    public static string Repository(string prefix, int repos, int image) =>
        prefix + "-" + (image % repos).ToString("D2", CultureInfo.InvariantCulture);

    public static string Tag(int image) => "i" + image.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Pushes <paramref name="images"/> images: the same <paramref name="baseLayers"/> random layers of
    /// <paramref name="baseKib"/> KiB each at the bottom of every image (as images built FROM one base), plus one layer
    /// of <paramref name="topKib"/> KiB of its own. Prints images, logical_bytes (what pulling every image moves) and
    /// unique_bytes (distinct blobs).
    /// </summary>
    public static async Task SeedSharedAsync(
        RegistryApi api, string prefix, int repos, int images, int baseLayers, int baseKib, int topKib, CancellationToken cancellationToken)
    {
        var bases = Enumerable.Range(0, baseLayers).Select(_ => RandomNumberGenerator.GetBytes(baseKib * 1024)).ToList();
        var baseDescriptors = bases.Select(b => (Digest: RegistryApi.DigestOf(b), Size: (long)b.Length)).ToList();

        // Base layers once per repository (a registry links blobs per repository), before any image needs them.
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Min(repos, images)), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (r, token) =>
            {
                for (var b = 0; b < bases.Count; b++)
                {
                    await api.PushMonolithicAsync(Repository(prefix, repos, r), bases[b], baseDescriptors[b].Digest, token);
                }
            });

        long logical = 0;
        long unique = baseDescriptors.Sum(b => b.Size);
        await Parallel.ForEachAsync(Enumerable.Range(0, images), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var repository = Repository(prefix, repos, i);
                var top = RandomNumberGenerator.GetBytes(topKib * 1024);
                var topDigest = RegistryApi.DigestOf(top);
                await api.PushMonolithicAsync(repository, top, topDigest, token);
                var manifest = await api.PushImageAsync(repository, Tag(i), [.. baseDescriptors, (topDigest, top.Length)], token);
                var configSize = JsonDocument.Parse(manifest).RootElement.GetProperty("config").GetProperty("size").GetInt64();
                var bytes = baseDescriptors.Sum(b => b.Size) + top.Length + configSize + manifest.Length;
                Interlocked.Add(ref logical, bytes);
                Interlocked.Add(ref unique, top.Length + configSize + manifest.Length);
            });

        Console.WriteLine("images=" + images.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("logical_bytes=" + logical.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("unique_bytes=" + unique.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// <paramref name="clients"/> clients pull the images (manifest, config, every layer, each blob once per image)
    /// until all are done; prints images, bytes, seconds, mib_per_sec and images_per_sec. A digest mismatch fails.
    /// </summary>
    public static async Task PullImagesAsync(HttpClient http, string prefix, int repos, int images, int clients, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < images)
            {
                var repository = Repository(prefix, repos, i);
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v2/{repository}/manifests/{Tag(i)}", UriKind.Relative));
                request.Headers.TryAddWithoutValidation("Accept", AcceptManifests);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {repository}:{Tag(i)} -> {(int)response.StatusCode}");
                }

                var manifest = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                Interlocked.Add(ref bytes, manifest.Length);
                using var document = JsonDocument.Parse(manifest);
                var digests = new List<string> { document.RootElement.GetProperty("config").GetProperty("digest").GetString()! };
                digests.AddRange(document.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!));
                foreach (var digest in digests)
                {
                    Interlocked.Add(ref bytes, await PullBlobAsync(http, repository, digest, cancellationToken));
                }
            }
        }));
        stopwatch.Stop();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine("images=" + images.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("bytes=" + bytes.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("seconds=" + seconds.ToString("F2", CultureInfo.InvariantCulture));
        Console.WriteLine("mib_per_sec=" + (bytes / 1048576.0 / seconds).ToString("F1", CultureInfo.InvariantCulture));
        Console.WriteLine("images_per_sec=" + (images / seconds).ToString("F1", CultureInfo.InvariantCulture));
    }

    // Streams the blob through SHA-256 into nothing: the client's memory stays flat however big the layer.
    private static async Task<long> PullBlobAsync(HttpClient http, string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"v2/{repository}/blobs/{digest}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {repository}@{digest} -> {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, digest, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{repository}@{digest} arrived as {actual}");
        }

        return total;
    }
}
