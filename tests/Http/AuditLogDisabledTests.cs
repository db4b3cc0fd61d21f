using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary><c>ArtifactKeeper:Audit:Enabled=false</c>: the registry works and records nothing.</summary>
public sealed class AuditLogDisabledTests(AuditLogDisabledTests.Factory factory) : IClassFixture<AuditLogDisabledTests.Factory>
{
    [Fact]
    public async Task Push_pull_and_failed_login_record_nothing()
    {
        using var admin = factory.Admin();
        using var intruder = factory.Client("admin", "wrong-password");
        var repo = RegistryClient.UniqueRepo();

        var image = await admin.PushImageAsync(repo, "v1");
        using (var pull = await admin.GetAsync($"/v2/{repo}/manifests/v1"))
        using (var login = await intruder.GetAsync("/v2/"))
        {
            OciAssert.Status(pull, HttpStatusCode.OK);
            OciAssert.Status(login, HttpStatusCode.Unauthorized);
        }

        var records = await AuditLogs.ListAsync(factory, admin, "/api/v2.0/audit-logs");

        Assert.Empty(records);
        Assert.NotNull(image.Digest);
    }

    public sealed class Factory : RegistryFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("ArtifactKeeper:Audit:Enabled", "false")];
    }
}
