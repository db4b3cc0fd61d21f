using System.Net;
using System.Security.Cryptography;

namespace ArtifactKeeper.Tests.Http.Loopback;

/// <summary>Raw distribution-API blob pushes and pulls for the tests of the loopback fixtures.</summary>
internal static class LoopbackBlobs
{
    public static byte[] RandomBytes(int size) => RandomNumberGenerator.GetBytes(size);

    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>POST an upload session, then PUT the bytes to the location the registry gave (two requests).</summary>
    public static async Task<string> PushAsync(HttpClient client, string repository, byte[] content, CancellationToken cancellationToken)
    {
        var digest = DigestOf(content);
        using var start = await client.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), content: null, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location ?? throw new InvalidOperationException("no upload location");
        var absolute = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
        var separator = absolute.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new("application/octet-stream");
        using var finish = await client.PutAsync(new Uri(absolute + separator + "digest=" + Uri.EscapeDataString(digest)), body, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, finish.StatusCode);
        return digest;
    }

    public static Uri BlobPath(string repository, string digest) => new($"v2/{repository}/blobs/{digest}", UriKind.Relative);
}
