using System.Net;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Unit.Oci;

public sealed class OciErrorsTests
{
    /// <summary>Error codes of the distribution spec, plus the two distribution itself adds (TAG_INVALID, RANGE_INVALID).</summary>
    private static readonly HashSet<string> SpecCodes =
    [
        "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN",
        "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED",
        "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS", "TAG_INVALID", "RANGE_INVALID",
    ];

    public static TheoryData<RegistryError> Errors() =>
        new(Enum.GetValues<RegistryError>().Where(e => e != RegistryError.None));

    [Theory]
    [MemberData(nameof(Errors))]
    public void Describe_every_error_maps_to_spec_code_and_client_status(RegistryError error)
    {
        var descriptor = OciErrors.Describe(error);

        Assert.Contains(descriptor.Code, SpecCodes);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Message));
        Assert.InRange((int)descriptor.Status, 400, 499);
    }

    [Theory]
    [InlineData(RegistryError.BlobUnknown, "BLOB_UNKNOWN", HttpStatusCode.NotFound)]
    [InlineData(RegistryError.BlobUploadUnknown, "BLOB_UPLOAD_UNKNOWN", HttpStatusCode.NotFound)]
    [InlineData(RegistryError.DigestInvalid, "DIGEST_INVALID", HttpStatusCode.BadRequest)]
    [InlineData(RegistryError.ManifestBlobUnknown, "MANIFEST_BLOB_UNKNOWN", HttpStatusCode.NotFound)]
    [InlineData(RegistryError.ManifestUnknown, "MANIFEST_UNKNOWN", HttpStatusCode.NotFound)]
    [InlineData(RegistryError.ManifestTooLarge, "SIZE_INVALID", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(RegistryError.NameUnknown, "NAME_UNKNOWN", HttpStatusCode.NotFound)]
    [InlineData(RegistryError.Unauthorized, "UNAUTHORIZED", HttpStatusCode.Unauthorized)]
    [InlineData(RegistryError.Denied, "DENIED", HttpStatusCode.Forbidden)]
    [InlineData(RegistryError.QuotaExceeded, "DENIED", HttpStatusCode.Forbidden)]
    [InlineData(RegistryError.RangeInvalid, "BLOB_UPLOAD_INVALID", HttpStatusCode.RequestedRangeNotSatisfiable)]
    [InlineData(RegistryError.RangeNotSatisfiable, "RANGE_INVALID", HttpStatusCode.RequestedRangeNotSatisfiable)]
    [InlineData(RegistryError.TagImmutable, "DENIED", HttpStatusCode.PreconditionFailed)]
    public void Describe_spec_mandated_error_has_spec_code_and_status(RegistryError error, string code, HttpStatusCode status)
    {
        var descriptor = OciErrors.Describe(error);

        Assert.Equal(code, descriptor.Code);
        Assert.Equal(status, descriptor.Status);
    }

    [Fact]
    public void Describe_None_throws()
    {
        Assert.Throws<ArgumentException>(() => OciErrors.Describe(RegistryError.None));
    }

    [Fact]
    public void Describe_value_outside_enum_maps_to_unknown_server_error()
    {
        var descriptor = OciErrors.Describe((RegistryError)999);

        Assert.Equal("UNKNOWN", descriptor.Code);
        Assert.Equal(HttpStatusCode.InternalServerError, descriptor.Status);
    }
}
