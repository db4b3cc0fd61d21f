using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's systeminfo tag: general info for anyone (more when signed in), volumes for the system admin, no CA.</summary>
public sealed class SystemInfoApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static readonly string[] AnonymousFields = ["auth_mode", "banner_message", "oidc_provider_name", "primary_auth_mode", "self_registration"];

    [Fact]
    public async Task Anonymous_callers_get_only_the_public_fields()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/systeminfo");

        OciAssert.Status(response, HttpStatusCode.OK);
        var info = (await RegistryClient.JsonAsync(response)).AsObject();
        Assert.Equal(AnonymousFields, info.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("db_auth", info["auth_mode"]!.GetValue<string>());
        Assert.False(info["self_registration"]!.GetValue<bool>());
        Assert.Equal(string.Empty, info["oidc_provider_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signed_in_callers_also_get_the_protected_fields()
    {
        using var user = await factory.NewUserAsync();

        using var response = await user.GetAsync("/api/v2.0/systeminfo");

        OciAssert.Status(response, HttpStatusCode.OK);
        var info = await RegistryClient.JsonAsync(response);
        Assert.Equal("everyone", info["project_creation_restriction"]!.GetValue<string>());
        Assert.Equal("filesystem", info["registry_storage_provider_name"]!.GetValue<string>());
        Assert.Equal("http://localhost", info["external_url"]!.GetValue<string>());
        Assert.Equal("localhost", info["registry_url"]!.GetValue<string>());
        Assert.StartsWith("v", info["harbor_version"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var flag in new[] { "has_ca_root", "read_only", "notification_enable", "with_notary", "with_chartmuseum" })
        {
            Assert.False(info[flag]!.GetValue<bool>(), flag);
        }

        Assert.True(DateTimeOffset.TryParse(info["current_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Wrong_credentials_are_401()
    {
        using var wrong = factory.Client("admin", "not-the-password");

        await OciAssert.ErrorAsync(await wrong.GetAsync("/api/v2.0/systeminfo"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Volumes_are_for_the_system_admin_only()
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();
        using var admin = factory.Admin();

        await OciAssert.ErrorAsync(await anonymous.GetAsync("/api/v2.0/systeminfo/volumes"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await user.GetAsync("/api/v2.0/systeminfo/volumes"), HttpStatusCode.Forbidden, "FORBIDDEN");
        using var response = await admin.GetAsync("/api/v2.0/systeminfo/volumes");

        OciAssert.Status(response, HttpStatusCode.OK);
        var storage = Assert.Single((await RegistryClient.JsonAsync(response))["storage"]!.AsArray())!;
        var total = storage["total"]!.GetValue<ulong>();
        var free = storage["free"]!.GetValue<ulong>();
        var drive = new DriveInfo(factory.DataPath);
        Assert.Equal((ulong)drive.TotalSize, total);
        Assert.InRange(free, 1UL, total);
    }

    [Fact]
    public async Task Getcert_is_404_without_a_ca()
    {
        using var admin = factory.Admin();

        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/systeminfo/getcert"), HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
