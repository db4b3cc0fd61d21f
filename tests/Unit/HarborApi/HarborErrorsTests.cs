using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborErrorsTests
{
    /// <summary>Harbor's error codes (lib/errors) and the statuses each may travel with here.</summary>
    private static readonly Dictionary<string, int[]> CodeStatuses = new(StringComparer.Ordinal)
    {
        ["BAD_REQUEST"] = [400, 413, 416],
        ["UNAUTHORIZED"] = [401],
        ["FORBIDDEN"] = [403],
        ["NOT_FOUND"] = [404],
        ["CONFLICT"] = [409],
        ["PRECONDITION"] = [412],
        ["UNSUPPORTED_MEDIA_TYPE"] = [415],
    };

    public static TheoryData<RegistryError> Errors() =>
        new(Enum.GetValues<RegistryError>().Where(e => e != RegistryError.None));

    [Theory]
    [MemberData(nameof(Errors))]
    public void Describe_every_error_maps_to_harbor_code_and_client_status(RegistryError error)
    {
        var (code, status) = HarborErrors.Describe(error);

        Assert.True(CodeStatuses.TryGetValue(code, out var allowed), $"{error} maps to unexpected code {code}");
        Assert.Contains(status, allowed);
        Assert.InRange(status, 400, 499);
    }

    [Theory]
    [InlineData(RegistryError.ProjectNotFound, "NOT_FOUND", 404)]
    [InlineData(RegistryError.ProjectAlreadyExists, "CONFLICT", 409)]
    [InlineData(RegistryError.NameInvalid, "BAD_REQUEST", 400)]
    [InlineData(RegistryError.Unauthorized, "UNAUTHORIZED", 401)]
    [InlineData(RegistryError.Denied, "FORBIDDEN", 403)]
    [InlineData(RegistryError.QuotaExceeded, "FORBIDDEN", 403)]
    [InlineData(RegistryError.ManifestUnknown, "NOT_FOUND", 404)]
    [InlineData(RegistryError.BadRequest, "BAD_REQUEST", 400)]
    [InlineData(RegistryError.PreconditionFailed, "PRECONDITION", 412)]
    [InlineData(RegistryError.TagImmutable, "PRECONDITION", 412)]
    [InlineData(RegistryError.Conflict, "CONFLICT", 409)]
    public void Describe_project_and_access_errors_match_harbor(RegistryError error, string code, int status)
    {
        Assert.Equal((code, status), HarborErrors.Describe(error));
    }

    [Fact]
    public void Describe_None_throws()
    {
        Assert.Throws<ArgumentException>(() => HarborErrors.Describe(RegistryError.None));
    }

    [Fact]
    public void Describe_value_outside_enum_maps_to_unknown_server_error()
    {
        Assert.Equal(("UNKNOWN", 500), HarborErrors.Describe((RegistryError)999));
    }
}
