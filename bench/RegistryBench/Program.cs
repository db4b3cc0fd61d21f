using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ArtifactKeeper.Bench;

// Usage: RegistryBench <wait|seed|push-images|push-blob|seed-signed|pull-latency|scan-image|seed-scan-images|scan|scan-all|seed-shared|pull-images> --base http://127.0.0.1:PORT/ [--user user:password] [options]
// Prints key=value lines that bench/run.sh reads.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: RegistryBench <wait|seed|push-images|push-blob|seed-signed|pull-latency|scan-image|seed-scan-images|scan|scan-all|seed-shared|pull-images> --base URL [--user user:pass] [--key value ...]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

using var http = new HttpClient(new RegistryAuthHandler(options.GetValueOrDefault("user")))
{
    BaseAddress = new Uri(Option("base", "http://127.0.0.1:5000/")),
    Timeout = TimeSpan.FromMinutes(5),
};
var api = new RegistryApi(http);
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(IntOption("minutes", 10)));
var ct = cancellation.Token;

switch (args[0])
{
    case "wait":
        return await WaitAsync() ? 0 : 1;
    case "seed":
        await SeedAsync();
        break;
    case "push-images":
        await PushImagesAsync();
        break;
    case "push-blob":
        await PushBlobAsync();
        break;
    case "seed-signed":
        await SeedSignedAsync();
        break;
    case "pull-latency":
        await TrustBench.PullLatencyAsync(
            http, Option("repo", "library/bench"), IntOption("images", 200), IntOption("rounds", 20), (System.Net.HttpStatusCode)IntOption("expect", 200), ct);
        break;
    case "scan-image":
        await ScanBench.PushBigImageAsync(
            api, Option("repo", "library/scan"), Option("tag", "big"), IntOption("mib", 500), IntOption("files", 2000), Option("work", Path.GetTempPath()), ct);
        break;
    case "seed-scan-images":
        await ScanBench.SeedSmallImagesAsync(api, Option("repo", "library/scan"), IntOption("images", 1000), ct);
        break;
    case "scan":
        await ScanBench.ScanAsync(http, Option("project", "library"), Option("repo", "scan"), Option("reference", "latest"), ct);
        break;
    case "scan-all":
        await ScanBench.ScanAllAsync(http, ct);
        break;
    case "seed-shared":
        await ReplicationBench.SeedSharedAsync(
            api, Option("prefix", "library/shared"), IntOption("repos", 20), IntOption("images", 200),
            IntOption("base-layers", 3), IntOption("base-kib", 4096), IntOption("top-kib", 512), ct);
        break;
    case "pull-images":
        await ReplicationBench.PullImagesAsync(
            http, Option("prefix", "library/shared"), IntOption("repos", 20), IntOption("images", 200), IntOption("clients", 8), ct);
        break;
    default:
        Console.Error.WriteLine("unknown command " + args[0]);
        return 2;
}

return 0;

// Polls GET <base><path> until it answers 200 or the time is up.
async Task<bool> WaitAsync()
{
    var deadline = Stopwatch.StartNew();
    var path = new Uri(Option("path", "v2/"), UriKind.Relative);
    using var probe = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
    while (deadline.Elapsed < TimeSpan.FromSeconds(IntOption("seconds", 60)))
    {
        try
        {
            using var response = await probe.GetAsync(path, ct);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        await Task.Delay(200, ct);
    }

    Console.Error.WriteLine($"{http.BaseAddress}{path} not ready");
    return false;
}

// library/bench:latest (manifest GET target), a big blob referenced by library/bench:big (blob pull target),
// and one manifest under N tags in library/taglist (tags/list target).
async Task SeedAsync()
{
    var repository = Option("repo", "library/bench");
    var small = RandomNumberGenerator.GetBytes(1024);
    var smallDigest = RegistryApi.DigestOf(small);
    await api.PushMonolithicAsync(repository, small, smallDigest, ct);
    await api.PushImageAsync(repository, "latest", [(smallDigest, small.Length)], ct);

    var big = RandomNumberGenerator.GetBytes(IntOption("blob-mib", 64) * 1024 * 1024);
    var bigDigest = RegistryApi.DigestOf(big);
    await api.PushMonolithicAsync(repository, big, bigDigest, ct);
    await api.PushImageAsync(repository, "big", [(bigDigest, big.Length)], ct);

    var tagRepository = Option("tags-repo", "library/taglist");
    await api.PushMonolithicAsync(tagRepository, small, smallDigest, ct);
    var manifest = await api.PushImageAsync(tagRepository, "t0000", [(smallDigest, small.Length)], ct);
    var tags = IntOption("tags", 1000);
    await Parallel.ForEachAsync(Enumerable.Range(1, tags - 1), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
        async (i, token) => await api.PutManifestAsync(tagRepository, "t" + i.ToString("D4", CultureInfo.InvariantCulture), manifest, token));

    Console.WriteLine("blob_digest=" + bigDigest);
    Console.WriteLine("blob_bytes=" + big.Length.ToString(CultureInfo.InvariantCulture));
}

// Each of C clients pushes small images (config + one layer, POST+PUT each, then the manifest) into its own
// repository until N images are done, the time is up or the stop file exists.
async Task PushImagesAsync()
{
    var clients = IntOption("clients", 16);
    var limit = IntOption("images", 800);
    var duration = TimeSpan.FromSeconds(IntOption("seconds", 20));
    // With --stop-file the run also ends when that file appears (bench/gc.sh: when the GC it pushes beside ends).
    var stopFile = options.GetValueOrDefault("stop-file");
    var run = Guid.NewGuid().ToString("N")[..8];
    var started = 0;
    var completed = 0;

    async Task PushOneAsync(string repository, string tag, CancellationToken token)
    {
        var layer = RandomNumberGenerator.GetBytes(1024);
        var layerDigest = RegistryApi.DigestOf(layer);
        await api.PushMonolithicAsync(repository, layer, layerDigest, token);
        await api.PushImageAsync(repository, tag, [(layerDigest, layer.Length)], token);
    }

    // Warm-up outside the clock: first request per repository, connection setup, JIT on both sides.
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => PushOneAsync($"library/push-{run}-{c}", "warmup", ct)));

    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        while (stopwatch.Elapsed < duration && (stopFile is null || !File.Exists(stopFile)) && Interlocked.Increment(ref started) <= limit)
        {
            await PushOneAsync($"library/push-{run}-{c}", "i" + started.ToString(CultureInfo.InvariantCulture), ct);
            Interlocked.Increment(ref completed);
        }
    }));
    stopwatch.Stop();
    Console.WriteLine("images=" + completed.ToString(CultureInfo.InvariantCulture));
    Console.WriteLine("seconds=" + stopwatch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
    Console.WriteLine("images_per_sec=" + (completed / stopwatch.Elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture));
}

// N images (i0..), signed with a fresh P-256 key unless --unsigned true; the public key goes to --key-out.
async Task SeedSignedAsync()
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var sign = !bool.Parse(Option("unsigned", "false"));
    await TrustBench.SeedSignedAsync(api, Option("repo", "library/bench"), IntOption("images", 200), key, sign, ct);
    if (sign)
    {
        await File.WriteAllTextAsync(Option("key-out", "cosign.pub"), key.ExportSubjectPublicKeyInfoPem(), ct);
    }
}

// One big blob, monolithic and chunked, R runs each with fresh content; median MiB/s.
async Task PushBlobAsync()
{
    var repository = Option("repo", "library/blobpush");
    var size = IntOption("mib", 64) * 1024 * 1024;
    var chunk = IntOption("chunk-mib", 8) * 1024 * 1024;
    var runs = IntOption("runs", 3);
    var content = RandomNumberGenerator.GetBytes(size);

    async Task<double> MeasureAsync(Func<string, Task> push)
    {
        var rates = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            // Fresh bytes each run so no registry can answer from an existing blob.
            RandomNumberGenerator.Fill(content.AsSpan(0, 64));
            var digest = RegistryApi.DigestOf(content);
            var stopwatch = Stopwatch.StartNew();
            await push(digest);
            rates.Add(size / 1048576.0 / stopwatch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }

    var monolithic = await MeasureAsync(digest => api.PushMonolithicAsync(repository, content, digest, ct));
    var chunked = await MeasureAsync(digest => api.PushChunkedAsync(repository, content, digest, chunk, ct));
    Console.WriteLine("monolithic_mib_per_sec=" + monolithic.ToString("F1", CultureInfo.InvariantCulture));
    Console.WriteLine("chunked_mib_per_sec=" + chunked.ToString("F1", CultureInfo.InvariantCulture));
}
