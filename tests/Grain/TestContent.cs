using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Fresh keys and real bytes for grain tests: blobs are written through the blob store, as the gateway does.</summary>
internal static class TestContent
{
    public static string NewRepository(string project = "proj") => $"{project}/app-{Guid.NewGuid():N}";

    public static string NewUploadId() => Guid.NewGuid().ToString("N");

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] RandomBytes(int length = 64)
    {
        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="bytes"/> as upload <paramref name="uploadId"/> and returns their digest.</summary>
    public static async Task<string> WriteUploadAsync(RegistryClusterFixture fixture, string uploadId, byte[] bytes)
    {
        await using (var writer = await fixture.Blobs.OpenUploadAsync(uploadId, 0, CancellationToken.None))
        {
            using var source = new MemoryStream(bytes);
            await writer.AppendAsync(source, null, CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
        }

        return DigestOf(bytes);
    }

    /// <summary>Uploads <paramref name="bytes"/>, publishes them as a blob linked to <paramref name="repository"/> and returns the digest.</summary>
    public static async Task<string> PublishBlobAsync(RegistryClusterFixture fixture, string repository, byte[] bytes)
    {
        var uploadId = NewUploadId();
        var digest = await WriteUploadAsync(fixture, uploadId, bytes);
        var outcome = await fixture.Client.GetGrain<IBlobGrain>(digest).TryPublishAsync(uploadId, bytes.Length, repository);
        Assert.Equal(LinkOutcome.Linked, outcome);
        return digest;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
