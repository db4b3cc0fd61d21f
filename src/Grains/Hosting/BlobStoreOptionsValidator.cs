using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Checks <see cref="BlobStoreOptions"/> on start, naming the configuration key at fault.</summary>
public sealed class BlobStoreOptionsValidator : IValidateOptions<BlobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{BlobStoreOptions.Section}:Provider must be FileSystem or S3.");
        }

        if (options.Provider == BlobStoreProvider.S3)
        {
            var s3 = options.S3;
            var prefix = BlobStoreOptions.Section + ":S3:";
            if (string.IsNullOrWhiteSpace(s3.Bucket))
            {
                failures.Add($"{prefix}Bucket is required when {BlobStoreOptions.Section}:Provider is S3.");
            }

            if (string.IsNullOrWhiteSpace(s3.Region))
            {
                failures.Add($"{prefix}Region must not be empty.");
            }

            if (s3.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                failures.Add($"{prefix}ServiceUrl must be an absolute http or https URL, not '{url}'.");
            }

            if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
            {
                failures.Add($"{prefix}AccessKey and {prefix}SecretKey must be set together (or both left unset for the AWS credential chain).");
            }

            if (s3.PresignTtl < S3BlobOptions.MinPresignTtl || s3.PresignTtl > S3BlobOptions.MaxPresignTtl)
            {
                failures.Add($"{prefix}PresignTtl must be between 00:00:01 and 7.00:00:00, not {s3.PresignTtl}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
