using ArtifactKeeper.Auth.Oidc;
using Microsoft.AspNetCore.Http;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class CliSecretScopeTests
{
    [Theory]
    [InlineData("GET", "/v2/")]
    [InlineData("HEAD", "/v2/library/app/manifests/1")]
    [InlineData("PUT", "/v2/library/app/blobs/uploads/x")]
    [InlineData("GET", "/service/token")]
    [InlineData("POST", "/service/token")]
    [InlineData("POST", "/api/v2.0/projects")]
    [InlineData("GET", "/api/v2.0/projects/")]
    [InlineData("GET", "/api/v2.0/systeminfo")]
    [InlineData("GET", "/api/version")]
    [InlineData("GET", "/api/v2.0/projects/lib/repositories")]
    [InlineData("GET", "/api/v2.0/projects/lib/repositories/app/artifacts")]
    [InlineData("DELETE", "/api/v2.0/projects/lib/repositories/app/artifacts/sha256:1/tags/v1")]
    public void Registry_traffic_and_replication_calls_accept_cli_secrets(string method, string path)
    {
        Assert.True(CliSecretScope.Allows(method, new PathString(path)));
    }

    [Theory]
    [InlineData("PUT", "/api/v2.0/users/3/cli_secret")]
    [InlineData("GET", "/api/v2.0/users/current")]
    [InlineData("DELETE", "/api/v2.0/projects/lib")]
    [InlineData("PUT", "/api/v2.0/projects/lib")]
    [InlineData("POST", "/api/v2.0/system/oidc/ping")]
    [InlineData("GET", "/api/v2.0/projects/lib")]
    [InlineData("DELETE", "/api/v2.0/projects/lib/repositories/app")]
    [InlineData("GET", "/v2x")]
    public void Account_and_management_calls_do_not(string method, string path)
    {
        Assert.False(CliSecretScope.Allows(method, new PathString(path)));
    }
}
