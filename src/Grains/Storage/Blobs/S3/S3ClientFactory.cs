using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Storage.Blobs.S3;

/// <summary>Builds the <see cref="AmazonS3Client"/> that <see cref="S3BlobOptions"/> describe.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(S3BlobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = options.Region;

            // S3-compatible servers (s3rver among them) do not all understand the SDK's default
            // trailing checksums; payload signing and the registry's own digests guard the bytes.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        var client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        if (options.ServiceUrl is not null)
        {
            client.BeforeRequestEvent += UnescapeCopySource;
        }

        return client;
    }

    // The SDK sends x-amz-copy-source as "bucket%2Fkey"; AWS decodes it, but s3rver (and other
    // servers that only URI-decode it) look for a bucket of that whole name. The store's keys are
    // [a-z0-9/-] only, so plain slashes say the same thing to every server. Runs before signing.
    private static void UnescapeCopySource(object sender, RequestEventArgs e)
    {
        const string header = "x-amz-copy-source";
        if (e is WebServiceRequestEventArgs { Headers: { } headers } && headers.TryGetValue(header, out var value))
        {
            headers[header] = value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
