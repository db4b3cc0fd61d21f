namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Thrown when an upload is reopened at a non-zero offset but its bytes are missing or shorter than
/// that offset, or when a missing upload is published: the acknowledged bytes are gone and the
/// client has to start the upload again.
/// </summary>
public sealed class UploadNotFoundException : InvalidOperationException
{
    public UploadNotFoundException()
    {
    }

    public UploadNotFoundException(string message)
        : base(message)
    {
    }

    public UploadNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UploadNotFoundException(string uploadId, long offset)
        : base($"Upload '{uploadId}' does not hold {offset} bytes.")
    {
        UploadId = uploadId;
        Offset = offset;
    }

    /// <summary>The upload that was asked for, when known.</summary>
    public string? UploadId { get; }

    /// <summary>The offset the caller expected the upload to hold.</summary>
    public long Offset { get; }
}
