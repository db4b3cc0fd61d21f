using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class BlobStoreOptionsValidatorTests
{
    private readonly BlobStoreOptionsValidator _validator = new();

    [Fact]
    public void Default_file_system_options_are_valid()
    {
        Assert.True(_validator.Validate(null, new BlobStoreOptions()).Succeeded);
    }

    [Fact]
    public void S3_without_bucket_fails_naming_the_key()
    {
        var result = _validator.Validate(null, new BlobStoreOptions { Provider = BlobStoreProvider.S3 });

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Blobs:S3:Bucket is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.500")]
    [InlineData("7.00:00:01")]
    public void S3_presign_ttl_outside_one_second_to_seven_days_fails(string ttl)
    {
        var options = S3Options();
        options.S3.PresignTtl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Blobs:S3:PresignTtl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("7.00:00:00")]
    public void S3_presign_ttl_at_the_bounds_is_valid(string ttl)
    {
        var options = S3Options();
        options.S3.PresignTtl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void S3_access_key_without_secret_fails()
    {
        var options = S3Options();
        options.S3.AccessKey = "id";

        Assert.True(_validator.Validate(null, options).Failed);
    }

    [Fact]
    public void S3_service_url_must_be_http_or_https()
    {
        var options = S3Options();
        options.S3.ServiceUrl = new Uri("ftp://127.0.0.1:21");

        Assert.Contains("ServiceUrl", _validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    private static BlobStoreOptions S3Options() => new()
    {
        Provider = BlobStoreProvider.S3,
        S3 = new S3BlobOptions { Bucket = "blobs" },
    };
}
