using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Unit.Auth.Oidc;

public sealed class OidcOptionsValidatorTests
{
    private static OidcOptions Valid() => new()
    {
        Endpoint = "https://idp.example.com/realms/main",
        ClientId = "artifactkeeper",
        ClientSecret = "s3cret-value",
        GroupsClaim = "groups",
        AdminGroup = "admins",
    };

    private static ValidateOptionsResult Validate(OidcOptions options, AuthMode mode = AuthMode.Oidc) =>
        new OidcOptionsValidator(Options.Create(new AuthOptions { Mode = mode })).Validate(null, options);

    [Fact]
    public void Complete_settings_pass()
    {
        Assert.True(Validate(Valid()).Succeeded);
    }

    [Fact]
    public void Empty_section_passes_outside_oidc_mode_and_fails_in_it_naming_each_key()
    {
        Assert.True(Validate(new OidcOptions(), AuthMode.Database).Succeeded);

        var result = Validate(new OidcOptions());

        Assert.True(result.Failed);
        Assert.Contains("ArtifactKeeper:Oidc:Endpoint", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ArtifactKeeper:Oidc:ClientId", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ArtifactKeeper:Oidc:ClientSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://idp.example.com")]
    [InlineData("not a url")]
    [InlineData("https://idp.example.com/?x=1")]
    public void Endpoint_must_be_an_https_issuer(string endpoint)
    {
        var options = Valid();
        options.Endpoint = endpoint;

        Assert.Contains("ArtifactKeeper:Oidc:Endpoint", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_without_openid_fails()
    {
        var options = Valid();
        options.Scope = "profile, email";

        Assert.Contains("Scope must include openid", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_group_without_groups_claim_fails()
    {
        var options = Valid();
        options.GroupsClaim = " ";

        Assert.Contains("AdminGroup", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_message_never_contains_the_client_secret()
    {
        var options = Valid();
        options.Endpoint = "bad";
        options.ClientSecret = "very-secret-value";

        Assert.DoesNotContain("very-secret-value", Validate(options).FailureMessage, StringComparison.Ordinal);
    }
}
