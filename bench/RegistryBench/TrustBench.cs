using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Bench;

/// <summary>
/// Content-trust benchmark steps (bench/trust.sh): images signed the way cosign signs with a key (a simple-signing
/// payload in a <c>sha256-&lt;hex&gt;.sig</c> manifest), and the latency of single manifest pulls, first (cold) and
/// repeated (cached).
/// </summary>
internal static class TrustBench
{
    private const string SimpleSigningType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>Pushes <paramref name="images"/> images tagged i0.. and signs each with <paramref name="key"/>; unsigned ones too when asked.</summary>
    public static async Task SeedSignedAsync(RegistryApi api, string repository, int images, ECDsa key, bool sign, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, images), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var layer = RandomNumberGenerator.GetBytes(512);
            var layerDigest = RegistryApi.DigestOf(layer);
            await api.PushMonolithicAsync(repository, layer, layerDigest, token);
            var manifest = await api.PushImageAsync(repository, "i" + i.ToString(CultureInfo.InvariantCulture), [(layerDigest, layer.Length)], token);
            if (sign)
            {
                await SignAsync(api, repository, RegistryApi.DigestOf(manifest), key, token);
            }
        });
    }

    /// <summary>Pushes a cosign key signature of <paramref name="digest"/> under its <c>.sig</c> tag.</summary>
    public static async Task SignAsync(RegistryApi api, string repository, string digest, ECDsa key, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{"docker-reference":"{{repository}}"},"image":{"docker-manifest-digest":"{{digest}}"},"type":"cosign container image signature"},"optional":null}""");
        var payloadDigest = RegistryApi.DigestOf(payload);
        await api.PushMonolithicAsync(repository, payload, payloadDigest, cancellationToken);
        var config = "{}"u8.ToArray();
        var configDigest = RegistryApi.DigestOf(config);
        await api.PushMonolithicAsync(repository, config, configDigest, cancellationToken);
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var manifest = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"schemaVersion":2,"mediaType":"{{{RegistryApi.ManifestType}}}","config":{"mediaType":"{{{RegistryApi.ConfigType}}}","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"{{{SimpleSigningType}}}","digest":"{{{payloadDigest}}}","size":{{{payload.Length}}},"annotations":{"dev.cosignproject.cosign/signature":"{{{signature}}}"}}]}"""));
        await api.PutManifestAsync(repository, digest.Replace(':', '-') + ".sig", manifest, cancellationToken);
    }

    /// <summary>
    /// One client pulls the manifests i0..i(N-1) once each (cold: the first pull of each digest), then
    /// <paramref name="rounds"/> more times each (cached); prints p50 and p99 of both in microseconds. Every pull must
    /// answer <paramref name="expected"/>.
    /// </summary>
    public static async Task PullLatencyAsync(HttpClient http, string repository, int images, int rounds, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        async Task<double> PullAsync(int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v2/{repository}/manifests/i{i}", UriKind.Relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(RegistryApi.ManifestType));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"GET {request.RequestUri} -> {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return elapsed;
        }

        // The connection and the token are set up outside the clock, on a tag that is not measured.
        using (var warm = new HttpRequestMessage(HttpMethod.Get, new Uri("v2/", UriKind.Relative)))
        {
            using var _ = await http.SendAsync(warm, cancellationToken);
        }

        var cold = new List<double>(images);
        for (var i = 0; i < images; i++)
        {
            cold.Add(await PullAsync(i));
        }

        var cached = new List<double>(images * rounds);
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < images; i++)
            {
                cached.Add(await PullAsync(i));
            }
        }

        Console.WriteLine("cold_p50_us=" + Percentile(cold, 0.50).ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine("cold_p99_us=" + Percentile(cold, 0.99).ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine("cached_p50_us=" + Percentile(cached, 0.50).ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine("cached_p99_us=" + Percentile(cached, 0.99).ToString("F0", CultureInfo.InvariantCulture));
    }

    private static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
    }
}
