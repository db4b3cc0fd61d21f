namespace ArtifactKeeper.Hosting;

/// <summary>The S3 blob store (<c>ArtifactKeeper:Blobs:S3</c>).</summary>
public sealed class S3BlobOptions
{
    public static readonly TimeSpan MinPresignTtl = TimeSpan.FromSeconds(1);

    /// <summary>S3 refuses SigV4 presigned URLs that live longer.</summary>
    public static readonly TimeSpan MaxPresignTtl = TimeSpan.FromDays(7);

    /// <summary>Endpoint of an S3-compatible service such as s3rver or MinIO; unset means AWS itself.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Bucket holding blobs and uploads; created on start when missing.</summary>
    public string? Bucket { get; set; }

    /// <summary>Region to sign requests for (and, on AWS, to send them to).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; with <see cref="SecretKey"/> unset too, the SDK's standard credential chain is used.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style URLs (<c>http://host/bucket/key</c>), which local S3 servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>When true, blob GETs answer 307 to a presigned URL instead of streaming through the gateway.</summary>
    public bool RedirectGets { get; set; }

    /// <summary>Lifetime of presigned GET URLs, 1 second to 7 days.</summary>
    public TimeSpan PresignTtl { get; set; } = TimeSpan.FromMinutes(15);
}
