using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// DESIGN invariant 1: bytes stream through the gateway, so a 1 GiB blob pushed (monolithic and in
/// chunks) and pulled leaves the server's peak resident memory (VmHWM) under ~300 MiB.
/// </summary>
public sealed class MemoryBoundTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private const long OneGiB = 1L << 30;
    private const long ChunkSize = 128L << 20;
    private const long PeakLimitBytes = 300L << 20;

    [Fact]
    public async Task Invariant1_one_GiB_blob_pushed_and_pulled_keeps_server_memory_bounded()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(server.AdminCredentials)));
        var repository = Names.Repository("memory");

        var monolithic = await DigestOfAsync(OneGiB, seed: 11, ct);
        var upload = await StartUploadAsync(http, repository, ct);
        using (var put = new HttpRequestMessage(HttpMethod.Put, WithDigest(upload, monolithic)) { Content = Body(OneGiB, seed: 11) })
        using (var response = await http.SendAsync(put, ct))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var chunked = await DigestOfAsync(OneGiB, seed: 23, ct);
        upload = await StartUploadAsync(http, repository, ct);
        var source = new GeneratedStream(OneGiB, 23);
        for (long offset = 0; offset < OneGiB; offset += ChunkSize)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, upload) { Content = new StreamContent(new SliceStream(source, ChunkSize)) };
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            patch.Content.Headers.ContentLength = ChunkSize;
            patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + ChunkSize - 1}");
            using var response = await http.SendAsync(patch, ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            upload = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location : new Uri(server.BaseAddress, response.Headers.Location);
        }

        using (var finish = new HttpRequestMessage(HttpMethod.Put, WithDigest(upload, chunked)))
        using (var response = await http.SendAsync(finish, ct))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        foreach (var digest in new[] { monolithic, chunked })
        {
            using var response = await http.GetAsync(new Uri($"v2/{repository}/blobs/{digest}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(OneGiB, response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(body, ct)));
        }

        var peak = PeakResidentBytes(server.ProcessId);
        Assert.True(peak < PeakLimitBytes, $"server peak RSS was {peak >> 20} MiB; the bound is {PeakLimitBytes >> 20} MiB");
    }

    private static async Task<string> DigestOfAsync(long length, ulong seed, CancellationToken ct) =>
        "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(new GeneratedStream(length, seed), ct));

    private static StreamContent Body(long length, ulong seed)
    {
        var content = new StreamContent(new GeneratedStream(length, seed), 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        return content;
    }

    private async Task<Uri> StartUploadAsync(HttpClient http, string repository, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location : new Uri(server.BaseAddress, location);
    }

    private static Uri WithDigest(Uri upload, string digest) =>
        new(upload + (upload.Query.Length > 0 ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest));

    /// <summary>VmHWM: the peak resident set size of the process since it started.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib * 1024;
    }

    /// <summary>The next <c>length</c> bytes of a shared source stream, as its own stream.</summary>
    private sealed class SliceStream(Stream source, long size) : Stream
    {
        private readonly long _size = size;
        private long _remaining = size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _size;

        public override long Position
        {
            get => _size - _remaining;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = source.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
