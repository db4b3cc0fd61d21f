using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer.Remote.Auth;
using ArtifactKeeper.Replication.Transfer.Remote.Types;

namespace ArtifactKeeper.Tests.Unit.Replication.Remote;

/// <summary>Both forms of a Quay credential: plain basic (a robot or user), and Harbor's JSON secret with an OAuth2 token.</summary>
public sealed class QuayCredentialTests
{
    [Fact]
    public void A_robot_account_logs_in_as_itself_and_its_namespace_is_its_organization()
    {
        var parsed = QuayCredential.Parse(new RegistryCredential(RegistryCredentialTypes.Basic, "acme+ci", "robot-token"));

        Assert.Equal(new BasicCredential("acme+ci", "robot-token"), parsed.Registry);
        Assert.Null(parsed.ApiToken);
        Assert.Equal("acme", parsed.Namespace);
    }

    [Fact]
    public void Harbors_json_secret_gives_the_registry_login_and_the_api_token()
    {
        const string secret = """{"account_name":"acme+ci","docker_cli_password":"cli-pass","oauth2_token":"oauth-token"}""";

        var parsed = QuayCredential.Parse(new RegistryCredential(RegistryCredentialTypes.Basic, "json_file", secret));

        Assert.Equal(new BasicCredential("acme+ci", "cli-pass"), parsed.Registry);
        Assert.Equal("oauth-token", parsed.ApiToken);
        Assert.Equal("acme", parsed.Namespace);
        Assert.DoesNotContain("oauth-token", parsed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cli-pass", parsed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_that_only_looks_like_json_is_a_password()
    {
        var parsed = QuayCredential.Parse(new RegistryCredential(RegistryCredentialTypes.Basic, "user", "{not json"));

        Assert.Equal(new BasicCredential("user", "{not json"), parsed.Registry);
        Assert.Null(parsed.ApiToken);
    }

    [Fact]
    public void No_credential_is_anonymous()
    {
        var parsed = QuayCredential.Parse(null);

        Assert.Null(parsed.Registry);
        Assert.Null(parsed.ApiToken);
    }
}
