using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>
/// The committed state of one upload, stored as <c>uploads/&lt;id&gt;/state</c> so any gateway can
/// continue it. Bytes 0..<see cref="Size"/> are either the multipart parts (each exactly
/// <see cref="PartSize"/> bytes) followed by the tail object, or, once assembled for hashing or
/// publishing, the single object <see cref="AssembledKey"/>.
/// </summary>
/// <param name="Version">Fresh on every write; binds a process's cached running hash to exactly this state.</param>
/// <param name="PartSize">Part size this upload was begun with (gateways may be configured differently).</param>
/// <param name="MultipartUploadId">S3's id of the multipart upload, once the first part was cut.</param>
/// <param name="MultipartKey">Key the multipart upload completes to.</param>
/// <param name="Parts">Parts in order, numbered from 1.</param>
/// <param name="TailKey">Object holding exactly <paramref name="TailLength"/> bytes after the parts; null when empty.</param>
/// <param name="TailLength">Bytes in the tail.</param>
/// <param name="AssembledKey">Completed object holding the whole upload, after which there are no parts or tail.</param>
/// <param name="AssembledLength">Size of <paramref name="AssembledKey"/>.</param>
internal sealed record S3UploadState(
    string Version,
    int PartSize,
    string? MultipartUploadId,
    string? MultipartKey,
    IReadOnlyList<S3UploadPart> Parts,
    string? TailKey,
    long TailLength,
    string? AssembledKey,
    long AssembledLength)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static S3UploadState Empty(int partSize) =>
        new(NewVersion(), partSize, null, null, [], null, 0, null, 0);

    public long PartsLength => (long)Parts.Count * PartSize;

    public long Size => AssembledKey is not null ? AssembledLength : PartsLength + TailLength;

    public static string NewVersion() => Guid.NewGuid().ToString("N");

    public static S3UploadState Parse(Stream json) =>
        JsonSerializer.Deserialize<S3UploadState>(json, Json) ?? throw new InvalidDataException("Upload state is empty.");

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>
/// One uploaded part. <paramref name="BaseTailKey"/> names the tail object that held this part's
/// first <paramref name="BaseTailLength"/> bytes when it was cut: every offset a caller can have
/// acknowledged inside the part lies within it, so the upload can be cut back to such an offset
/// although S3 cannot read an unfinished part.
/// </summary>
internal sealed record S3UploadPart(int Number, string ETag, string? BaseTailKey, long BaseTailLength);
